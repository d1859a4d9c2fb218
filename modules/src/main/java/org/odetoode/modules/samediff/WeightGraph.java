package org.odetoode.modules.samediff;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.odetoode.modules.Activation;
import org.odetoode.modules.flow.BasisWeights;
import org.odetoode.modules.flow.ConstantGenerator;
import org.odetoode.modules.flow.ConstantWeights;
import org.odetoode.modules.flow.GatedGenerator;
import org.odetoode.modules.flow.Generator;
import org.odetoode.modules.flow.GroupFlow;
import org.odetoode.modules.flow.HypernetFlow;
import org.odetoode.modules.flow.InitialWeights;
import org.odetoode.modules.flow.IsoGenerator;
import org.odetoode.modules.flow.LayerWeights;
import org.odetoode.modules.flow.ParameterFlow;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.solve.Tableau;

/**
 * The weight trajectory W_0 .. W_M of an {@link OdeNetwork}'s parameter flow as a SameDiff graph, mirroring the
 * plain-Java flows: {@link GroupFlow} (iso, constant and gated generators, skew-projected or not; expm, Cayley and
 * Euler steppers; W_0 Haar or learned), {@link HypernetFlow}, {@link ConstantWeights}, {@link LayerWeights} and
 * {@link BasisWeights}.
 *
 * <p>The matrix functions of a {@link GroupFlow} consume one concrete norm each (see {@link Graph}), in this order:
 * the learned orthogonal W_0's skew matrix when there is one, then the step matrices A_j = dt·b(t_j, W_j) for every
 * step the graph builds (a single one for a constant generator). {@link #norms} produces them in that order.
 */
final class WeightGraph {
    private WeightGraph() {
    }

    /** Throws when the flow (or its generator) has no SameDiff counterpart. */
    static void checkSupported(ParameterFlow flow) {
        if (flow instanceof GroupFlow f) {
            Generator gen = f.generator();
            if (!(gen instanceof IsoGenerator || gen instanceof ConstantGenerator || gen instanceof GatedGenerator)) {
                throw new UnsupportedOperationException("SameDiff has no counterpart of the generator "
                        + gen.getClass().getSimpleName() + "; supported: iso, constant, gated");
            }
        } else if (!(flow instanceof HypernetFlow || flow instanceof ConstantWeights || flow instanceof LayerWeights
                || flow instanceof BasisWeights)) {
            throw new UnsupportedOperationException("SameDiff has no counterpart of the parameter flow "
                    + flow.getClass().getSimpleName());
        }
    }

    /** Number of weight-grid points the solver reads: W_0 .. W_{points−1}. */
    static int points(OdeNetwork net) {
        Tableau tab = net.tableau();
        int last = 0;
        for (int i = 0; i < tab.stages(); i++) {
            last = Math.max(last, tab.gridOffset(i));
        }
        return (net.steps() - 1) * tab.gridResolution() + last + 1;
    }

    /** Offset of the flow's parameters: right after {@code in.W} and {@code in.b}. */
    static int flowOffset(OdeNetwork net) {
        return net.width() * net.inputSize() + net.width();
    }

    private static double dt(OdeNetwork net) {
        return net.horizon() / net.steps() / net.tableau().gridResolution();
    }

    private static boolean learnedOrthogonal(InitialWeights w0) {
        return w0.mode() == InitialWeights.Mode.LEARNED && w0.isOrthogonal();
    }

    private static int stepMatrices(GroupFlow f, int points) {
        return f.generator().isConstant() ? Math.min(points - 1, 1) : points - 1;
    }

    /** The 1-norms of the concrete arguments of the flow's matrix functions at the network's parameters. */
    static double[] norms(OdeNetwork net) {
        if (!(net.flow() instanceof GroupFlow f)) {
            return new double[0];
        }
        int d = net.width();
        double[] p = net.parameters();
        int off = flowOffset(net);
        InitialWeights w0 = f.initialWeights();
        List<Double> norms = new ArrayList<>();
        if (learnedOrthogonal(w0)) {
            double[] s = new double[d * d];
            int k = off;
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    s[i * d + j] = p[k];
                    s[j * d + i] = -p[k];
                    k++;
                }
            }
            norms.add(Matrices.norm1(d, s));
        }
        double dt = dt(net);
        double[] b = new double[d * d];
        for (int j = 0; j < stepMatrices(f, points(net)); j++) {
            f.generator().generate(p, off + w0.parameterCount(), j * dt, net.weights(j), b);
            norms.add(dt * Matrices.norm1(d, b));
        }
        return norms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Builds W_0 .. W_{points−1}. */
    static SDVariable[] build(Graph g, OdeNetwork net) {
        ParameterFlow flow = net.flow();
        int d = net.width();
        int off = flowOffset(net);
        int points = points(net);
        double dt = dt(net);
        SDVariable[] w = new SDVariable[points];
        if (flow instanceof ConstantWeights) {
            java.util.Arrays.fill(w, g.param(off, d, d));
        } else if (flow instanceof LayerWeights lw) {
            for (int j = 0; j < points; j++) {
                w[j] = g.param(off + Math.min(j, lw.layers() - 1) * d * d, d, d);
            }
        } else if (flow instanceof BasisWeights bw) {
            // W_j = Σ_k φ_k(t_j) A_k as the product of the row φ(t_j) with the K-by-d² coefficients.
            SDVariable coefficients = g.param(off, bw.size(), (long) d * d);
            double[] phi = new double[bw.size()];
            for (int j = 0; j < points; j++) {
                bw.basisAt(j, dt, phi);
                w[j] = g.sd.reshape(g.constant(phi, 1, bw.size()).mmul(coefficients), d, d);
            }
        } else if (flow instanceof HypernetFlow hf) {
            int[] sizes = {d * d + 1, hf.hidden(), d * d};
            int mOff = off + hf.initialWeights().parameterCount();
            w[0] = initial(g, hf.initialWeights(), off, d);
            for (int j = 0; j + 1 < points; j++) {
                SDVariable drift = g.mlp(mOff, sizes, Activation.TANH, flowInput(g, w[j], j * dt, d));
                w[j + 1] = w[j].add(g.sd.reshape(drift, d, d).mul(dt));
            }
        } else if (flow instanceof GroupFlow f) {
            InitialWeights w0 = f.initialWeights();
            w[0] = initial(g, w0, off, d);
            RawGenerator raw = raw(g, f.generator(), off + w0.parameterCount(), d);
            SDVariable e = null;
            for (int j = 0; j + 1 < points; j++) {
                if (j < stepMatrices(f, points)) {
                    SDVariable b = raw.at(w[j], j * dt);
                    if (f.generator().isSkew()) {
                        b = g.skew(b);
                    }
                    e = g.step(f.stepper(), b.mul(dt), d);
                }
                w[j + 1] = w[j].mmul(e);
            }
        } else {
            checkSupported(flow);
        }
        return w;
    }

    /** W_0: the Haar H, H·expm(S − Sᵀ) for a learned orthogonal one, or a free learned matrix. */
    private static SDVariable initial(Graph g, InitialWeights w0, int off, int d) {
        SDVariable haar = g.constant(w0.haar(), d, d);
        if (w0.mode() == InitialWeights.Mode.HAAR) {
            return haar;
        }
        if (!w0.isOrthogonal()) {
            return g.param(off, d, d);
        }
        return haar.mmul(g.step(org.odetoode.modules.flow.Stepper.EXPM, g.skew(g.strictlyUpper(off, d)), d));
    }

    /** The row vector [vec(W), t] that the generator MLPs read. */
    private static SDVariable flowInput(Graph g, SDVariable w, double t, int d) {
        return g.sd.concat(1, g.sd.reshape(w, 1, (long) d * d), g.constant(new double[] {t}, 1, 1));
    }

    /** The raw generator G(t, W) before the skew projection. */
    @FunctionalInterface
    private interface RawGenerator {
        SDVariable at(SDVariable w, double t);
    }

    private static RawGenerator raw(Graph g, Generator gen, int off, int d) {
        if (gen instanceof IsoGenerator) {
            // G = Wᵀ Q W N; Q and N do not depend on t or W, so they are unpacked once.
            SDVariable q = g.symmetric(off, d);
            SDVariable n = g.symmetric(off + d * (d + 1) / 2, d);
            return (w, t) -> g.sd.mmul(w, q.mmul(w), true, false, false).mmul(n);
        }
        if (gen instanceof ConstantGenerator) {
            SDVariable c = gen.isSkew() ? g.strictlyUpper(off, d) : g.param(off, d, d);
            return (w, t) -> c;
        }
        GatedGenerator gated = (GatedGenerator) gen;
        int[] sizes = {d * d + 1, gated.hidden(), d * d};
        int perGate = gated.parameterCount() / gated.gates();
        return (w, t) -> {
            SDVariable input = flowInput(g, w, t, d);
            SDVariable sum = null;
            for (int i = 0; i < gated.gates(); i++) {
                int o = off + i * perGate;
                SDVariable term = g.sd.reshape(g.mlp(o + 1, sizes, Activation.TANH, input), d, d).mul(g.param(o, 1, 1));
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        };
    }
}
