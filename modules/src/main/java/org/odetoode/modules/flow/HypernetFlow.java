package org.odetoode.modules.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Mlp;

/**
 * The ANODEV2-like "HyperNet" baseline: a free matrix ODE dW/dt = g(vec(W), t) with g an MLP
 * (d²+1 → hidden → d², tanh), stepped by explicit Euler W_{j+1} = W_j + dt·g(W_j, t_j). Nothing keeps W on O(d).
 * The last layer starts scaled by 1/d so the initial drift of W is of order one.
 */
public final class HypernetFlow implements ParameterFlow {
    private final int d;
    private final Mlp mlp;
    private final InitialWeights w0;
    private final double[] input;
    private final double[] out;
    private final double[] gOut;
    private final double[] gIn;

    public HypernetFlow(int d, int hidden, InitialWeights w0) {
        this.d = d;
        this.mlp = new Mlp(new int[] {d * d + 1, hidden, d * d}, Activation.TANH);
        this.w0 = w0;
        input = new double[d * d + 1];
        out = new double[d * d];
        gOut = new double[d * d];
        gIn = new double[d * d + 1];
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Hidden units of g. */
    public int hidden() {
        return mlp.sizes()[1];
    }

    /** W_0 of the flow. */
    public InitialWeights initialWeights() {
        return w0;
    }

    @Override
    public int parameterCount() {
        return w0.parameterCount() + mlp.parameterCount();
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        List<ParameterBlock> blocks = new ArrayList<>(w0.blocks(prefix, base));
        blocks.addAll(mlp.blocks(prefix + "g.", base + w0.parameterCount()));
        return blocks;
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        w0.initialize(p, off);
        mlp.initialize(rng, p, off + w0.parameterCount(), 1.0 / d);
    }

    @Override
    public boolean staysOrthogonal() {
        return false;
    }

    private void fillInput(double t, double[] w) {
        System.arraycopy(w, 0, input, 0, d * d);
        input[d * d] = t;
    }

    @Override
    public void weights(double[] p, int off, double dt, int m, double[][] grid) {
        w0.compute(p, off, grid[0]);
        extendWeights(p, off, dt, 0, m, grid);
    }

    @Override
    public void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid) {
        int mOff = off + w0.parameterCount();
        for (int j = from; j < m; j++) {
            fillInput(j * dt, grid[j]);
            mlp.forward(p, mOff, input, out);
            for (int k = 0; k < d * d; k++) {
                grid[j + 1][k] = grid[j][k] + dt * out[k];
            }
        }
    }

    @Override
    public void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp) {
        int mOff = off + w0.parameterCount();
        for (int j = m - 1; j >= 0; j--) {
            double[] gNext = gw[j + 1];
            fillInput(j * dt, grid[j]);
            mlp.forward(p, mOff, input, out);
            for (int k = 0; k < d * d; k++) {
                gOut[k] = dt * gNext[k];
            }
            mlp.backward(p, mOff, gOut, gp, gIn);
            for (int k = 0; k < d * d; k++) {
                gw[j][k] += gNext[k] + gIn[k];
            }
        }
        w0.adjoint(p, off, gw[0], gp);
    }
}
