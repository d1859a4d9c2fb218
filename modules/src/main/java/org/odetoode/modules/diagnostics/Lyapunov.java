package org.odetoode.modules.diagnostics;

import java.util.List;
import java.util.Random;
import org.hipparchus.linear.RealMatrix;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.flow.Generator;
import org.odetoode.modules.flow.GroupFlow;
import org.odetoode.modules.flow.InitialWeights;
import org.odetoode.modules.linalg.Matrices;
import org.odetoode.modules.net.OdeNetwork;

/**
 * D6, the largest Lyapunov exponent by Benettin's method (research note §3): a tangent vector v is pushed through
 * the linearised steps along the reference orbit and renormalised after every step; λ = Σ ln‖J_k v_k‖ / T, a rate
 * per unit time. Over a finite horizon this is the finite-time exponent; the running estimate shows its convergence.
 * λ > 0 means nearby trajectories separate exponentially, the mechanism behind rough loss landscapes.
 *
 * <p>State flow: v ↦ J_k v with the step Jacobians of the unrolled flow (f = id, W = ±1 gives ±1; R(θ) gives cos θ).
 * Weight flow: the one-step map W_j ↦ W_{j+1} = W_j E(dt·b(t_j, W_j)) of a {@link GroupFlow}, differentiated by
 * central differences (ε = 1e-6·max(1, ‖W_j‖_F)) around the network's own weight grid; for restricted flows the perturbation is kept
 * in the tangent space {W S : S skew} of O(d).
 */
public final class Lyapunov {
    private static final double EPS = 1e-6;

    private Lyapunov() {
    }

    /**
     * A Benettin estimate.
     *
     * @param exponent λ per unit time
     * @param times t after each step
     * @param running the estimate Σ_{i≤k} ln g_i / t_k after each step
     */
    public record Estimate(double exponent, double[] times, double[] running) {
    }

    /** λ of the state flow along a chain, from a seeded random unit vector. */
    public static Estimate ofStates(Chain chain, long seed) {
        RealMatrix[] jac = chain.stepJacobians();
        double[] v = randomUnit(jac[0].getColumnDimension(), new Random(seed));
        Accumulator acc = new Accumulator(jac.length, chain.stepSize());
        for (RealMatrix j : jac) {
            v = j.operate(v);
            acc.add(normalize(v));
        }
        return acc.estimate();
    }

    /**
     * λ of the weight flow W_t of an ODEtoODE network (restricted or unrestricted generator flow).
     *
     * @throws IllegalArgumentException if the network's weights do not come from a generator flow
     */
    public static Estimate ofWeights(OdeNetwork net, long seed) {
        if (!(net.flow() instanceof GroupFlow flow)) {
            throw new IllegalArgumentException("The weight-flow Lyapunov exponent needs a generator flow dW/dt = W b(t, W) "
                    + "(policies odetoode, odetoode-unrestricted); this network's weights come from "
                    + net.flow().getClass().getSimpleName());
        }
        int d = net.width();
        int m = net.weightGridPoints() - 1;
        double dt = net.horizon() / net.steps() / net.tableau().gridResolution();
        boolean tangentToGroup = flow.staysOrthogonal();
        ShiftedGenerator gen = new ShiftedGenerator(flow.generator());
        GroupFlow step = new GroupFlow(d, gen, flow.stepper(),
                new InitialWeights(d, InitialWeights.Mode.LEARNED, false, Matrices.identity(d)));
        double[] p = new double[d * d + gen.parameterCount()];
        System.arraycopy(net.parameters(), generatorOffset(net, flow), p, d * d, gen.parameterCount());
        double[][] plus = new double[2][d * d];
        double[][] minus = new double[2][d * d];
        double[] v = randomUnit(d * d, new Random(seed));
        Accumulator acc = new Accumulator(m, dt);
        for (int j = 0; j < m; j++) {
            double[] w = net.weights(j);
            if (tangentToGroup) {
                projectToTangent(d, w, v);
                normalize(v);
            }
            gen.shift = j * dt;
            // Relative step: an unrestricted W can grow by orders of magnitude.
            double eps = EPS * Math.max(1.0, Matrices.frobenius(d, w));
            oneStep(step, p, dt, w, eps, v, plus);
            oneStep(step, p, dt, w, -eps, v, minus);
            for (int i = 0; i < d * d; i++) {
                v[i] = (plus[1][i] - minus[1][i]) / (2 * eps);
            }
            acc.add(normalize(v));
        }
        return acc.estimate();
    }

    private static void oneStep(GroupFlow step, double[] p, double dt, double[] w, double eps, double[] v,
            double[][] grid) {
        for (int i = 0; i < w.length; i++) {
            p[i] = w[i] + eps * v[i];
        }
        step.weights(p, 0, dt, 1, grid);
    }

    private static int generatorOffset(OdeNetwork net, GroupFlow flow) {
        List<ParameterBlock> blocks = net.parameterBlocks();
        ParameterBlock inB = blocks.stream().filter(b -> b.name().equals("in.b")).findFirst().orElseThrow();
        return inB.offset() + inB.length() + flow.initialWeights().parameterCount();
    }

    /** v ← W·(WᵀV − VᵀW)/2, the projection onto the tangent space of O(d) at orthogonal W. */
    private static void projectToTangent(int d, double[] w, double[] v) {
        double[] a = new double[d * d];
        double[] s = new double[d * d];
        Matrices.mulTransA(d, w, v, a);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                s[r * d + c] = 0.5 * (a[r * d + c] - a[c * d + r]);
            }
        }
        Matrices.mul(d, w, s, v);
    }

    private static double[] randomUnit(int n, Random rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        normalize(v);
        return v;
    }

    /** Scales v to unit norm and returns its former norm. */
    private static double normalize(double[] v) {
        double g = Stats.norm(v);
        for (int i = 0; i < v.length; i++) {
            v[i] /= g;
        }
        return g;
    }

    /** Sums ln g per step into the running estimate. */
    private static final class Accumulator {
        private final double dt;
        private final double[] times;
        private final double[] running;
        private double sum;
        private int k;

        Accumulator(int steps, double dt) {
            this.dt = dt;
            this.times = new double[steps];
            this.running = new double[steps];
        }

        void add(double growth) {
            sum += Math.log(growth);
            times[k] = (k + 1) * dt;
            running[k] = sum / times[k];
            k++;
        }

        Estimate estimate() {
            return new Estimate(k == 0 ? Double.NaN : running[k - 1], times, running);
        }
    }

    /** The network's generator with time shifted by t_j, so a one-step flow started at W_j sees b(t_j, W_j). */
    private static final class ShiftedGenerator implements Generator {
        private final Generator inner;
        private double shift;

        ShiftedGenerator(Generator inner) {
            this.inner = inner;
        }

        @Override
        public int parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public List<ParameterBlock> blocks(String prefix, int base) {
            return inner.blocks(prefix, base);
        }

        @Override
        public void initialize(Random rng, double[] p, int off) {
            inner.initialize(rng, p, off);
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }

        @Override
        public boolean isSkew() {
            return inner.isSkew();
        }

        @Override
        public void generate(double[] p, int off, double t, double[] w, double[] b) {
            inner.generate(p, off, t + shift, w, b);
        }

        @Override
        public void generateAdjoint(double[] p, int off, double t, double[] w, double[] gb, double[] gp,
                double[] gw) {
            inner.generateAdjoint(p, off, t + shift, w, gb, gp, gw);
        }
    }
}
