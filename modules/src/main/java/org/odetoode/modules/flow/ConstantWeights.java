package org.odetoode.modules.flow;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/** The BaseODE baseline: one learned W for all t (dx/dt = f(W x)), starting at the Haar matrix H. */
public final class ConstantWeights implements ParameterFlow {
    private final int d;
    private final double[] haar;

    public ConstantWeights(int d, double[] haar) {
        this.d = d;
        this.haar = haar.clone();
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int parameterCount() {
        return d * d;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        return List.of(new ParameterBlock(prefix + "W", base, d * d));
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        System.arraycopy(haar, 0, p, off, d * d);
    }

    @Override
    public boolean staysOrthogonal() {
        return false;
    }

    @Override
    public void weights(double[] p, int off, double dt, int m, double[][] grid) {
        extendWeights(p, off, dt, -1, m, grid);
    }

    @Override
    public void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid) {
        for (int j = from + 1; j <= m; j++) {
            System.arraycopy(p, off, grid[j], 0, d * d);
        }
    }

    @Override
    public void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp) {
        for (int j = 0; j <= m; j++) {
            for (int k = 0; k < d * d; k++) {
                gp[off + k] += gw[j][k];
            }
        }
    }
}
