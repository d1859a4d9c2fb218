package org.odetoode.modules.policy;

import java.util.Arrays;
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
 *
 * <p>How many lanes are active picks the form of a forward, never its results: more than half run as the group; at
 * most half (a batch's last candidates) as a half group, the active lanes' weights copied into half as many lanes
 * with two rows to a vector, which reads half the bytes (a d = 16 group's W, 160 KB, streams from L2 at every step,
 * so the bytes set the cost: 1.9 against 2.8 µs a forward, d = 16, a scratch harness); at most a quarter run their
 * candidates' own forwards together.
 */
public final class PolicyLanes {
    private static final int L = LaneKernels.LANES;
    /** Where every array's data starts, so that its vectors lie on cache lines ({@link LaneKernels#ALIGNED_START}). */
    private static final int A = LaneKernels.ALIGNED_START;
    /**
     * With at most 1/SOLO_SHARE of the lanes active, they run their own forwards ({@link OdeNetwork#forwardTogether}):
     * at the end of a batch a long episode may run nearly alone in its group. With 16 lanes and d = 16, four forwards
     * together took 1.35 µs, five 1.83 µs and six 2.0 µs, against 1.9 µs for a half group's (issue 20, a scratch
     * harness).
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

    /** Every lane's operands, where {@link #load} puts them. */
    private final Operands full;
    /**
     * With at most half the lanes active (and more than {@link #SOLO_SHARE}), their operands copied into a half group
     * ({@link LaneKernels#HALF} lanes in paired rows), whose forward reads half the bytes of the full group's: the
     * last candidates of a batch no longer leave half of every vector idle.
     */
    private final Operands half;
    /** The lane whose operands each half-group slot holds, or -1. */
    private final int[] slotLane = new int[LaneKernels.HALF];
    /** Each lane's half-group slot, or -1 when its operands there are missing or stale. */
    private final int[] laneSlot = new int[L];
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
        full = new Operands(false);
        half = new Operands(true);
        Arrays.fill(slotLane, -1);
        Arrays.fill(laneSlot, -1);
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
        laneSlot[lane] = -1;
        OdeNetwork net = (OdeNetwork) policies[lane].network();
        net.setParameters(parameters);
        for (int s = 0; s < steps; s++) {
            scatter(net.weights(s), 0, d * d, full.grid, s * d * d, lane);
        }
        scatter(parameters, inW, d * n, full.in, 0, lane);
        scatter(parameters, inB, d, full.inBias, 0, lane);
        if (full.bias != null) {
            scatter(parameters, flowBias, (full.bias.length - A) / L, full.bias, 0, lane);
        }
        scatter(parameters, outW, m * d, full.out, 0, lane);
        scatter(parameters, outB, m, full.outBias, 0, lane);
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
        if (running * 2 <= L) {
            forwardHalf(observations, active, out);
            return;
        }
        // The full group's forward stays in this method: as one forward method for both layouts, compiled apart
        // from this one, it cost 17 % more (Pendulum's act + step limit, 3.55-3.76 against 4.33-4.55 M steps per CPU
        // second in four alternating rounds).
        Operands g = full;
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                double[] o = observations[l];
                for (int j = 0; j < n; j++) {
                    g.obs[A + j * L + l] = (float) o[j];
                }
            }
        }
        LaneKernels.matVec(g.in, A, d, n, g.obs, A, g.inBias, A, g.x, A);
        if (tanhEmbedding) {
            Float32Kernels.tanh(g.x, A, g.x, A, d * L);
        }
        int dd = d * d * L;
        for (int s = 0; s < steps; s++) {
            int biasOff = A + (biasMode == OdeNetwork.BiasMode.PER_STEP ? s * d * L : 0);
            LaneKernels.matVec(g.grid, A + s * dd, d, d, g.x, A, g.bias, biasOff, g.z, A);
            Float32Kernels.eulerTanh(g.z, A, g.x, A, h, d * L);
        }
        LaneKernels.rowDots(g.out, A, m, d, g.x, A, g.outBias, A, g.y, A);
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                answer(g, l, l, observations[l], out[l]);
            }
        }
    }

    /** {@link #forward} with at most half the lanes active: the half group's. */
    private void forwardHalf(double[][] observations, boolean[] active, double[][] out) {
        assignSlots(active);
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                double[] o = observations[l];
                for (int j = 0; j < n; j++) {
                    half.obs[half.vectorIndex(j, laneSlot[l])] = (float) o[j];
                }
            }
        }
        half.forwardPaired();
        for (int l = 0; l < L; l++) {
            if (active[l]) {
                answer(half, laneSlot[l], l, observations[l], out[l]);
            }
        }
    }

    /** Writes the output of lane {@code lane}, computed in {@code slot} of {@code g}, into {@code o}. */
    private void answer(Operands g, int slot, int lane, double[] observation, double[] o) {
        boolean finite = true;
        for (int r = 0; r < m; r++) {
            float v = g.y[g.vectorIndex(r, slot)];
            o[r] = v;
            finite &= Float.isFinite(v);
        }
        if (!finite) {
            // The lane's own network repeats the float32 forward, finds it not finite, and answers in float64.
            policies[lane].network().forward(observation, o);
        }
    }

    /**
     * Gives every active lane a half-group slot holding its operands, copying them into a slot whose lane is no
     * longer active (a batch's last candidates only finish, so this happens about once per batch and thread).
     */
    private void assignSlots(boolean[] active) {
        for (int l = 0; l < L; l++) {
            if (!active[l] || laneSlot[l] >= 0) {
                continue;
            }
            int slot = 0;
            while (slotLane[slot] >= 0 && active[slotLane[slot]] && laneSlot[slotLane[slot]] == slot) {
                slot++;
            }
            if (slotLane[slot] >= 0 && laneSlot[slotLane[slot]] == slot) {
                laneSlot[slotLane[slot]] = -1;
            }
            slotLane[slot] = l;
            laneSlot[l] = slot;
            half.copyLane(full, l, slot);
        }
    }

    /**
     * The forward's operands in one layout: every lane's values side by side, {@code [r][c][lane]} for a matrix and
     * {@code [r][lane]} for a vector, or a half group's: {@link LaneKernels#HALF} lanes, the matrices in paired rows
     * and every row count rounded up to even.
     */
    private final class Operands {
        final boolean paired;
        final int lanes;
        /** W_s of every lane. */
        final float[] grid;
        /** The input projection. */
        final float[] in;
        final float[] inBias;
        /** The flow's bias, shared or per step; null without one. */
        final float[] bias;
        final float[] out;
        final float[] outBias;
        final float[] obs;
        final float[] x;
        final float[] z;
        final float[] y;
        /** A half group's x or observation {@link LaneKernels#spread} for the full group's kernels; null otherwise. */
        final float[] wide;

        Operands(boolean paired) {
            this.paired = paired;
            lanes = paired ? LaneKernels.HALF : L;
            grid = new float[A + steps * rows(d) * d * lanes];
            in = new float[A + rows(d) * n * lanes];
            inBias = new float[A + rows(d) * lanes];
            bias = switch (biasMode) {
                case NONE -> null;
                case SHARED -> new float[A + rows(d) * lanes];
                case PER_STEP -> new float[A + steps * rows(d) * lanes];
            };
            out = new float[A + rows(m) * d * lanes];
            outBias = new float[A + rows(m) * lanes];
            obs = new float[A + rows(n) * lanes];
            x = new float[A + rows(d) * lanes];
            z = new float[A + rows(d) * lanes];
            y = new float[A + rows(m) * lanes];
            wide = paired ? new float[A + rows(Math.max(n, d)) * L] : null;
        }

        /** The rows an array holds for {@code count} rows. */
        private int rows(int count) {
            return paired ? LaneKernels.pairedRows(count) : count;
        }

        int vectorIndex(int r, int lane) {
            return A + r * lanes + lane;
        }

        int matrixIndex(int r, int c, int cols, int lane) {
            return A + (paired ? LaneKernels.pairedIndex(r, c, cols, lane) : (r * cols + c) * lanes + lane);
        }

        /** Copies lane {@code lane}'s operands from {@code from} into this layout's lane {@code slot}. */
        void copyLane(Operands from, int lane, int slot) {
            for (int s = 0; s < steps; s++) {
                copyMatrix(from.grid, s * d * d * from.lanes, grid, s * rows(d) * d * lanes, d, d, from, lane, slot);
            }
            copyMatrix(from.in, 0, in, 0, d, n, from, lane, slot);
            copyMatrix(from.out, 0, out, 0, m, d, from, lane, slot);
            copyVector(from.inBias, 0, inBias, 0, d, from, lane, slot);
            copyVector(from.outBias, 0, outBias, 0, m, from, lane, slot);
            if (bias != null) {
                int perStep = biasMode == OdeNetwork.BiasMode.PER_STEP ? steps : 1;
                for (int s = 0; s < perStep; s++) {
                    copyVector(from.bias, s * d * from.lanes, bias, s * rows(d) * lanes, d, from, lane, slot);
                }
            }
        }

        private void copyMatrix(float[] src, int srcOff, float[] dst, int dstOff, int rows, int cols, Operands from,
                int lane, int slot) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    dst[dstOff + matrixIndex(r, c, cols, slot)] = src[srcOff + from.matrixIndex(r, c, cols, lane)];
                }
            }
        }

        private void copyVector(float[] src, int srcOff, float[] dst, int dstOff, int rows, Operands from, int lane,
                int slot) {
            for (int r = 0; r < rows; r++) {
                dst[dstOff + vectorIndex(r, slot)] = src[srcOff + from.vectorIndex(r, lane)];
            }
        }

        /**
         * The forward from {@link #obs} to {@link #y} for every lane of a half group, by the full group's kernels
         * ({@link LaneKernels#HALF}): they are compiled and hot already, where kernels of its own would spend the
         * first iterations of a run in the Vector API's slow start.
         */
        void forwardPaired() {
            int pairs = rows(d) / 2;
            LaneKernels.spread(obs, A, n, wide, A);
            LaneKernels.matVec(in, A, pairs, n, wide, A, inBias, A, x, A);
            if (tanhEmbedding) {
                Float32Kernels.tanh(x, A, x, A, d * lanes);
            }
            int stride = rows(d) * d * lanes;
            for (int s = 0; s < steps; s++) {
                int biasOff = A + (biasMode == OdeNetwork.BiasMode.PER_STEP ? s * rows(d) * lanes : 0);
                LaneKernels.spread(x, A, d, wide, A);
                LaneKernels.matVec(grid, A + s * stride, pairs, d, wide, A, bias, biasOff, z, A);
                Float32Kernels.eulerTanh(z, A, x, A, h, d * lanes);
            }
            LaneKernels.spread(x, A, d, wide, A);
            LaneKernels.rowDots(out, A, rows(m) / 2, d, wide, A, outBias, A, y, A);
        }
    }
}
