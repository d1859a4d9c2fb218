package org.odetoode.modules.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Mlp;

/**
 * The gated neural generator: G = Σ_i a_i g_i(vec(W), t), with l scalar gates a_i and small MLPs
 * g_i : R^{d²+1} → R^{d²} (one hidden layer of {@code hidden} tanh units). The restricted form is
 * b = Σ a_i (g_i − g_iᵀ). ψ per gate: a_i, then the MLP's weights.
 *
 * <p>The gates start at 1/(l·d) so that the initial generator has norm of order one whatever d and l.
 */
public final class GatedGenerator extends AbstractGenerator {
    private final int gates;
    private final Mlp mlp;
    private final int perGate;
    private final double[] input;
    private final double[] out;
    private final double[] gOut;
    private final double[] gIn;

    public GatedGenerator(int d, boolean skew, int gates, int hidden) {
        super(d, skew);
        this.gates = gates;
        this.mlp = new Mlp(new int[] {d * d + 1, hidden, d * d}, Activation.TANH);
        this.perGate = 1 + mlp.parameterCount();
        this.input = new double[d * d + 1];
        this.out = new double[d * d];
        this.gOut = new double[d * d];
        this.gIn = new double[d * d + 1];
    }

    /** Number of gates l. */
    public int gates() {
        return gates;
    }

    /** Hidden units of each gate's MLP. */
    public int hidden() {
        return mlp.sizes()[1];
    }

    @Override
    public int parameterCount() {
        return gates * perGate;
    }

    @Override
    public List<ParameterBlock> blocks(String prefix, int base) {
        List<ParameterBlock> blocks = new ArrayList<>();
        for (int i = 0; i < gates; i++) {
            int o = base + i * perGate;
            blocks.add(new ParameterBlock(prefix + "gate" + i + ".a", o, 1));
            blocks.addAll(mlp.blocks(prefix + "gate" + i + ".g.", o + 1));
        }
        return blocks;
    }

    @Override
    public void initialize(Random rng, double[] p, int off) {
        for (int i = 0; i < gates; i++) {
            int o = off + i * perGate;
            p[o] = 1.0 / (gates * (double) d);
            mlp.initialize(rng, p, o + 1, 1.0);
        }
    }

    @Override
    public boolean isConstant() {
        return false;
    }

    private void fillInput(double t, double[] w) {
        System.arraycopy(w, 0, input, 0, d * d);
        input[d * d] = t;
    }

    @Override
    void raw(double[] p, int off, double t, double[] w, double[] g) {
        fillInput(t, w);
        java.util.Arrays.fill(g, 0, d * d, 0.0);
        for (int i = 0; i < gates; i++) {
            int o = off + i * perGate;
            mlp.forward(p, o + 1, input, out);
            double a = p[o];
            for (int k = 0; k < d * d; k++) {
                g[k] += a * out[k];
            }
        }
    }

    @Override
    void rawAdjoint(double[] p, int off, double t, double[] w, double[] gg, double[] gp, double[] gw) {
        fillInput(t, w);
        for (int i = 0; i < gates; i++) {
            int o = off + i * perGate;
            mlp.forward(p, o + 1, input, out);
            double a = p[o];
            double ga = 0.0;
            for (int k = 0; k < d * d; k++) {
                ga += gg[k] * out[k];
                gOut[k] = a * gg[k];
            }
            gp[o] += ga;
            mlp.backward(p, o + 1, gOut, gp, gIn);
            for (int k = 0; k < d * d; k++) {
                gw[k] += gIn[k];
            }
        }
    }
}
