package org.odetoode.modules.policy;

import org.odetoode.modules.Activation;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.internal.Float32Kernels;
import org.odetoode.modules.internal.LaneKernels;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.solve.Tableau;

/**
 * {@link LaneKernels#LANES} candidates of one policy acting together, candidate l in SIMD lane l: the float32 Euler
 * forward of an {@link OdeNetwork} with tanh, its weights W_s, projections and biases stored lane-interleaved, so that
 * each operation of the forward is one vector operation for every candidate. Each lane performs exactly the
 * operations of {@link Policy#act} on its own candidate ({@link LaneKernels}), so its actions are bit for bit those
 * of the candidate's own policy, whichever lane it runs in and whatever runs beside it.
 *
 * <p>Each lane keeps its candidate's own {@link Policy}: {@link #load} runs the candidate's weight flow there, and a
 * lane whose float32 output is not finite is answered by that policy, whose forward then falls back to float64 as
 * {@link org.odetoode.modules.net.Network#forward} does. Like a policy, an instance serves one thread.
 */
public final class PolicyLanes {
    private static final int L = LaneKernels.LANES;
    /** Where every array's data starts, so that its vectors lie on cache lines ({@link LaneKernels#ALIGNED_START}). */
    private static final int A = LaneKernels.ALIGNED_START;
    /**
     * With at most 1/SOLO_SHARE of the lanes active, they run their own forwards ({@link OdeNetwork#forwardTogether}):
     * at the end of a batch a long episode may run nearly alone in its group, and a group's forward costs about what
     * six to nine of those do (issue 20; a threshold of half the lanes measured no different in the loop).
     */
    private static final int SOLO_SHARE = 4;

    private final Policy[] policies = new Policy[L];
    private final ActionHead head;
    private final int n;
    private final int m;
    private final int d;
    private final int steps;
    private final float h;
    private final OdeNetwork.BiasMode biasMode;
    private final boolean tanhEmbedding;
    private final int inW;
    private final int inB;
    private final int flowBias;
    private final int outW;
    private final int outB;

    /** W_s of every lane, [s][r][c][lane]. */
    private final float[] grid;
    /** The input projection, [r][c][lane]. */
    private final float[] in;
    private final float[] inBias;
    /** The flow's bias, [r][lane], or [s][r][lane] per step; null without one. */
    private final float[] bias;
    private final float[] out;
    private final float[] outBias;
    private final float[] obs;
    private final float[] x;
    private final float[] z;
    private final float[] y;
    /** Per lane, the network output {@link #act} hands to the head. */
    private final double[][] outputs;
    /** The active lanes' networks, inputs and outputs when they run their own forwards. */
    private final OdeNetwork[] soloNets = new OdeNetwork[L];
    private final double[][] soloIn = new double[L][];
    private final double[][] soloOut = new double[L][];

    /** Whether {@code policy}'s forward has a lane form: an {@link OdeNetwork} with tanh, float32, hence Euler. */
    public static boolean supports(Policy policy) {
        return policy.network() instanceof OdeNetwork o && o.forwardPrecision() == Precision.FLOAT32
                && o.tableau() == Tableau.EULER && o.activation() == Activation.TANH;
    }

    /**
     * @param prototype copied into every lane ({@link Policy#copy()})
     * @throws IllegalArgumentException when the prototype is not {@link #supports supported}
     */
    public PolicyLanes(Policy prototype) {
        if (!supports(prototype)) {
            throw new IllegalArgumentException("no lane form for this policy: it needs an ODE network with tanh and"
                    + " the float32 Euler forward");
        }
        OdeNetwork net = (OdeNetwork) prototype.network();
        for (int l = 0; l < L; l++) {
            policies[l] = prototype.copy();
        }
        head = prototype.head();
        n = net.inputSize();
        m = net.outputSize();
        d = net.width();
        steps = net.steps();
        h = (float) (net.horizon() / net.steps());
        biasMode = net.biasMode();
        tanhEmbedding = net.embedding() == OdeNetwork.Embedding.TANH;
        inW = offset(net, "in.W");
        inB = offset(net, "in.b");
        flowBias = biasMode == OdeNetwork.BiasMode.NONE ? -1 : offset(net, "bias");
        outW = offset(net, "out.W");
        outB = offset(net, "out.b");
        grid = new float[A + steps * d * d * L];
        in = new float[A + d * n * L];
        inBias = new float[A + d * L];
        bias = switch (biasMode) {
            case NONE -> null;
            case SHARED -> new float[A + d * L];
            case PER_STEP -> new float[A + steps * d * L];
        };
        out = new float[A + m * d * L];
        outBias = new float[A + m * L];
        obs = new float[A + n * L];
        x = new float[A + d * L];
        z = new float[A + d * L];
        y = new float[A + m * L];
        outputs = new double[L][m];
    }

    private static int offset(OdeNetwork net, String block) {
        for (ParameterBlock b : net.parameterBlocks()) {
            if (b.name().equals(block)) {
                return b.offset();
            }
        }
        throw new IllegalStateException("network has no block " + block);
    }

    /** Number of lanes. */
    public int lanes() {
        return L;
    }

    /** The policy of lane {@code lane}, holding its candidate's parameters since the last {@link #load}. */
    public Policy policy(int lane) {
        return policies[lane];
    }

    /**
     * Puts the candidate with {@code parameters} into {@code lane}: runs its weight flow in the lane's policy and
     * copies the weights, rounded to float as the float32 forward rounds them, into the lane's slots.
     *
     * @throws ArithmeticException when the weight flow diverges (the lane is then unusable until the next load)
     */
    public void load(int lane, double[] parameters) {
        OdeNetwork net = (OdeNetwork) policies[lane].network();
        net.setParameters(parameters);
        for (int s = 0; s < steps; s++) {
            scatter(net.weights(s), 0, d * d, grid, s * d * d, lane);
        }
        scatter(parameters, inW, d * n, in, 0, lane);
        scatter(parameters, inB, d, inBias, 0, lane);
        if (bias != null) {
            scatter(parameters, flowBias, (bias.length - A) / L, bias, 0, lane);
        }
        scatter(parameters, outW, m * d, out, 0, lane);
        scatter(parameters, outB, m, outBias, 0, lane);
    }

    /** to[A + (toOff + i)·L + lane] = (float) from[fromOff + i] for i < count. */
    private static void scatter(double[] from, int fromOff, int count, float[] to, int toOff, int lane) {
        for (int i = 0; i < count; i++) {
            to[A + (toOff + i) * L + lane] = (float) from[fromOff + i];
        }
    }

    /**
     * Writes the action of every active lane for its observation, as {@link Policy#act} of the lane's candidate
     * would; inactive lanes are computed on whatever their slots hold and ignored.
     *
     * @param observations per lane, the network's input (length {@link OdeNetwork#inputSize()})
     * @param active which lanes hold a candidate
     * @param actions per lane, written for the active ones
     */
    public void act(double[][] observations, boolean[] active, double[][] actions) {
        forward(observations, active, outputs);
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                head.act(outputs[l], actions[l]);
            }
        }
    }

    /**
     * Writes the network output of every active lane for its observation, as
     * {@link org.odetoode.modules.net.Network#forward} of the lane's candidate would.
     *
     * @param observations per lane, the network's input
     * @param active which lanes hold a candidate
     * @param out per lane, written for the active ones
     */
    public void forward(double[][] observations, boolean[] active, double[][] out) {
        int running = 0;
        for (boolean a : active) {
            running += a ? 1 : 0;
        }
        if (running * SOLO_SHARE <= L) {
            // Too few lanes to fill a vector: the candidates' own forwards (which this forward equals) cost less.
            int k = 0;
            for (int l = 0; l < L; l++) {
                if (active[l]) {
                    soloNets[k] = (OdeNetwork) policies[l].network();
                    soloIn[k] = observations[l];
                    soloOut[k] = out[l];
                    k++;
                }
            }
            OdeNetwork.forwardTogether(soloNets, k, soloIn, soloOut);
            return;
        }
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                double[] o = observations[l];
                for (int j = 0; j < n; j++) {
                    obs[A + j * L + l] = (float) o[j];
                }
            }
        }
        LaneKernels.matVec(in, A, d, n, obs, A, inBias, A, x, A);
        if (tanhEmbedding) {
            Float32Kernels.tanh(x, A, x, A, d * L);
        }
        int dd = d * d * L;
        for (int s = 0; s < steps; s++) {
            int biasOff = A + (biasMode == OdeNetwork.BiasMode.PER_STEP ? s * d * L : 0);
            LaneKernels.matVec(grid, A + s * dd, d, d, x, A, bias, biasOff, z, A);
            Float32Kernels.eulerTanh(z, A, x, A, h, d * L);
        }
        LaneKernels.rowDots(this.out, A, m, d, x, A, outBias, A, y, A);
        for (int l = 0; l < L; l++) {
            if (!active[l]) {
                continue;
            }
            double[] o = out[l];
            boolean finite = true;
            for (int r = 0; r < m; r++) {
                float v = y[A + r * L + l];
                o[r] = v;
                finite &= Float.isFinite(v);
            }
            if (!finite) {
                // The lane's own network repeats the float32 forward, finds it not finite, and answers in float64.
                policies[l].network().forward(observations[l], o);
            }
        }
    }
}
