package org.odetoode.modules.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.odetoode.modules.Activation;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.flow.ParameterFlow;
import org.odetoode.modules.internal.Float32Kernels;
import org.odetoode.modules.internal.Kernels;
import org.odetoode.modules.solve.Tableau;

/**
 * A Neural ODE policy body with a flowing weight matrix: x_0 = P_in·obs + c_in (or its tanh, {@link Embedding}), then
 * N explicit Runge-Kutta steps of
 * dx/dt = f(W_t x + b) over [0, T], then out = P_out·x_N + c_out. The weights W_t come from a {@link ParameterFlow}
 * (ODEtoODE, unrestricted flows, HyperNet, BaseODE, or per-layer ResNet weights), sampled once per parameter vector
 * at the grid points the forward reads; W(T), which Euler and midpoint never read, on first request.
 *
 * <p>Parameter layout: {@code in.W} (d×n), {@code in.b} (d), the flow's blocks, {@code bias} (none, d, or N·d per
 * step), {@code out.W} (m×d), {@code out.b} (m).
 */
public final class OdeNetwork implements Network {
    /** How the input reaches the initial state x_0. */
    public enum Embedding {
        /** x_0 = P_in·obs + c_in. */
        LINEAR("linear"),
        /**
         * x_0 = tanh(P_in·obs + c_in). The Euler body is x_N = x_0 + (a sum bounded by T), so with a linear embedding
         * a large input reaches the output along a linear path that no nonlinearity bounds; tanh bounds it.
         */
        TANH("tanh");

        private final String key;

        Embedding(String key) {
            this.key = key;
        }

        /** The name a config uses. */
        public String key() {
            return key;
        }

        /** The embedding named {@code value} (case-insensitive). */
        public static Embedding parse(String value) {
            for (Embedding e : values()) {
                if (e.key.equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return e;
                }
            }
            throw new InvalidHyperparameterException("embedding", value, "linear or tanh");
        }
    }

    /** Where the bias b of the main flow lives. */
    public enum BiasMode {
        /** dx/dt = f(W x). */
        NONE,
        /** One b for all t. */
        SHARED,
        /** b_k per step (discrete ResNet layers; Euler only). */
        PER_STEP
    }

    private final int n;
    private final int m;
    private final int d;
    private final int steps;
    private final double horizon;
    private final Activation activation;
    private final Tableau tableau;
    private final Supplier<ParameterFlow> flowFactory;
    private final ParameterFlow flow;
    private final BiasMode biasMode;
    private final Embedding embedding;
    private final long seed;

    private final int inW;
    private final int inB;
    private final int flowOff;
    private final int biasOff;
    private final int outW;
    private final int outB;
    private final int count;

    private final double h;
    private final int gridPoints;
    /**
     * Grid points the forward pass reads: all of them, but the last for solvers with no stage at the step's end
     * (Euler), whose W(T) is computed only when asked for.
     */
    private final int forwardPoints;
    private boolean gridComplete;
    private final double[][] grid;
    /** The grid packed for the mat-vec of the forward path ({@link Kernels#pack}). */
    private final double[][] gridPacked;
    /** The input projection packed for the same mat-vec; the output projection is read row by row as stored. */
    private final double[] inPacked;
    private final double[] params;
    private final double[] zScratch;

    private final double[] x;
    private final double[] y;
    private final double[][] k;
    /** The float32 forward's weights and state; null in FLOAT64. */
    private Forward32 forward32;
    /**
     * Whether gridPacked, inPacked and forward32's rounded copies hold the current parameters. They are made by the
     * first forward or gradient after {@link #setParameters}: a network whose candidate runs in rollout lanes is read
     * through {@link #weights} alone and mostly never runs a forward of its own.
     */
    private boolean packed;

    /**
     * @param seed seeds the Haar W_0 (through the flow factory) and {@link #initialize}
     */
    public OdeNetwork(int inputSize, int outputSize, int d, int steps, double horizon, Activation activation,
            Tableau tableau, Supplier<ParameterFlow> flowFactory, BiasMode biasMode, Embedding embedding, long seed) {
        this.n = inputSize;
        this.m = outputSize;
        this.d = d;
        this.steps = steps;
        this.horizon = horizon;
        this.activation = activation;
        this.tableau = tableau;
        this.flowFactory = flowFactory;
        this.flow = flowFactory.get();
        this.biasMode = biasMode;
        this.embedding = embedding;
        this.seed = seed;
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (biasMode == BiasMode.PER_STEP && tableau != Tableau.EULER) {
            throw new IllegalArgumentException("per-step biases need the Euler solver, got " + tableau.key());
        }
        inW = 0;
        inB = inW + d * n;
        flowOff = inB + d;
        biasOff = flowOff + flow.parameterCount();
        int biasCount = switch (biasMode) {
            case NONE -> 0;
            case SHARED -> d;
            case PER_STEP -> steps * d;
        };
        outW = biasOff + biasCount;
        outB = outW + m * d;
        count = outB + m;
        h = horizon / steps;
        gridPoints = steps * tableau.gridResolution() + 1;
        forwardPoints = steps * tableau.gridResolution() + (tableau.readsStepEnd() ? 1 : 0);
        grid = new double[gridPoints][d * d];
        gridPacked = new double[forwardPoints][Kernels.packedLength(d, d)];
        inPacked = new double[Kernels.packedLength(d, n)];
        params = new double[count];
        zScratch = new double[d];
        x = new double[d];
        y = new double[d];
        k = new double[tableau.stages()][d];
    }

    /** Draws initial parameters: projections ~ N(0, 1/fan_in), biases 0, the flow's own initialisation. */
    public double[] initialParameters() {
        Random rng = new Random(seed);
        double[] p = new double[count];
        for (int i = 0; i < d * n; i++) {
            p[inW + i] = rng.nextGaussian() / Math.sqrt(n);
        }
        flow.initialize(rng, p, flowOff);
        for (int i = 0; i < m * d; i++) {
            p[outW + i] = rng.nextGaussian() / Math.sqrt(d);
        }
        return p;
    }

    @Override
    public int inputSize() {
        return n;
    }

    @Override
    public int outputSize() {
        return m;
    }

    @Override
    public int parameterCount() {
        return count;
    }

    /** Width d. */
    public int width() {
        return d;
    }

    /** Number of steps N. */
    public int steps() {
        return steps;
    }

    /** Horizon T. */
    public double horizon() {
        return horizon;
    }

    /** The main-flow solver. */
    public Tableau tableau() {
        return tableau;
    }

    /** The nonlinearity f. */
    public Activation activation() {
        return activation;
    }

    /** Where the bias of the main flow lives. */
    public BiasMode biasMode() {
        return biasMode;
    }

    /** How the input reaches x_0. */
    public Embedding embedding() {
        return embedding;
    }

    /** The parameter flow (its scratch belongs to this network). */
    public ParameterFlow flow() {
        return flow;
    }

    /**
     * W at grid point j (j = 0 .. steps·gridResolution), a view. The first request past the points the forward reads
     * takes the flow its last step to W(T), which throws {@link ArithmeticException} if it diverges there.
     */
    public double[] weights(int j) {
        if (j >= forwardPoints && !gridComplete) {
            flow.extendWeights(params, flowOff, gridStep(), forwardPoints - 1, gridPoints - 1, grid);
            gridComplete = true;
        }
        return grid[j];
    }

    /** Number of weight-grid points. */
    public int weightGridPoints() {
        return gridPoints;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        blocks.add(new ParameterBlock("in.W", inW, d * n));
        blocks.add(new ParameterBlock("in.b", inB, d));
        blocks.addAll(flow.blocks("flow.", flowOff));
        if (outW > biasOff) {
            blocks.add(new ParameterBlock("bias", biasOff, outW - biasOff));
        }
        blocks.add(new ParameterBlock("out.W", outW, m * d));
        blocks.add(new ParameterBlock("out.b", outB, m));
        return blocks;
    }

    @Override
    public double[] parameters() {
        return params.clone();
    }

    @Override
    public void setParameters(double[] p) {
        checkParameters(p);
        System.arraycopy(p, 0, params, 0, count);
        flow.weights(params, flowOff, gridStep(), forwardPoints - 1, grid);
        gridComplete = forwardPoints == gridPoints;
        packed = false;
    }

    /** Packs (and rounds, for float32) the weights of the current parameters unless that is done. */
    private void ensurePacked() {
        if (packed) {
            return;
        }
        for (int j = 0; j < forwardPoints; j++) {
            Kernels.pack(grid[j], 0, d, d, gridPacked[j]);
        }
        Kernels.pack(params, inW, d, n, inPacked);
        if (forward32 != null) {
            forward32.round();
        }
        packed = true;
    }

    @Override
    public Precision forwardPrecision() {
        return forward32 == null ? Precision.FLOAT64 : Precision.FLOAT32;
    }

    /** FLOAT32 needs the Euler solver: the other tableaus' stages run in float64 only. */
    @Override
    public void setForwardPrecision(Precision precision) {
        if (precision == Precision.FLOAT64) {
            forward32 = null;
            return;
        }
        if (tableau != Tableau.EULER) {
            throw InvalidHyperparameterException.of("precision", "The float32 forward runs the euler solver only,"
                    + " and this network uses " + tableau.key());
        }
        forward32 = new Forward32();
        packed = false;
    }

    /**
     * The Euler forward of {@link #forward} in single precision: the weight grid, projections and biases rounded to
     * float once per {@link #setParameters} (at the first forward after it), then x += h f(W_s x + b_s) in float.
     */
    private final class Forward32 {
        private final float[][] grid = new float[forwardPoints][Float32Kernels.packedLength(d, d)];
        private final float[] in = new float[Float32Kernels.packedLength(d, n)];
        private final float[] p = new float[count];
        private final float[] obs = new float[n];
        private final float[] x = new float[d];
        private final float[] z = new float[d];
        private final float[] out = new float[m];

        void round() {
            for (int j = 0; j < forwardPoints; j++) {
                Float32Kernels.pack(OdeNetwork.this.grid[j], 0, d, d, grid[j]);
            }
            Float32Kernels.pack(params, inW, d, n, in);
            Float32Kernels.round(params, p);
        }

        /** Writes the output and returns true, or returns false when it is not finite (see {@link Network#forward}). */
        boolean forward(double[] input, double[] output) {
            begin(input);
            for (int s = 0; s < steps; s++) {
                step(s);
            }
            return end(output);
        }

        /** The input projection (and embedding) into x. */
        void begin(double[] input) {
            Float32Kernels.round(input, obs);
            Float32Kernels.matVec(in, d, n, obs, p, inB, x);
            if (embedding == Embedding.TANH) {
                Float32Kernels.tanh(x, x, d);
            }
        }

        /** Euler step s: x += h f(W_s x + b_s). */
        void step(int s) {
            float hf = (float) h;
            Float32Kernels.matVec(grid[s], d, d, x, biasMode == BiasMode.NONE ? null : p, biasOffset(s), z);
            if (activation == Activation.TANH) {
                Float32Kernels.eulerTanh(z, x, hf, d);
            } else {
                activation.apply(z, z, d);
                for (int r = 0; r < d; r++) {
                    x[r] += hf * z[r];
                }
            }
        }

        /** Euler step s of this forward and {@code other}'s, each as {@link #step} takes it. */
        void stepWith(Forward32 other, int s) {
            OdeNetwork o = other.network();
            if (activation != Activation.TANH || o.activation != Activation.TANH || o.d != d || o.h != h) {
                step(s);
                other.step(s);
                return;
            }
            Float32Kernels.eulerTanhPair(d, (float) h, grid[s], x, biasMode == BiasMode.NONE ? null : p, biasOffset(s),
                    z, other.grid[s], other.x, o.biasMode == BiasMode.NONE ? null : other.p, o.biasOffset(s), other.z);
        }

        private OdeNetwork network() {
            return OdeNetwork.this;
        }

        /** The output projection, as {@link #forward} returns it. */
        boolean end(double[] output) {
            Float32Kernels.rowDots(p, outW, m, d, x, p, outB, out);
            return Float32Kernels.widen(out, output);
        }
    }

    /**
     * {@link #forward} of {@code count} networks, network k on {@code in[k]} into {@code out[k]}, each exactly as its
     * own forward. Where they run in float32 their Euler steps are taken in turn, step s of every network before step
     * s + 1 of any: one forward is a chain of dependent mat-vecs and tanh evaluations, and the processor overlaps the
     * chains of several networks when their steps alternate (four forwards together took 1.3 µs against 2.0 µs one
     * after the other).
     */
    public static void forwardTogether(OdeNetwork[] nets, int count, double[][] in, double[][] out) {
        int steps = Integer.MAX_VALUE;
        for (int k = 0; k < count; k++) {
            nets[k].ensurePacked();
            if (nets[k].forward32 == null) {
                steps = -1;
                break;
            }
            steps = Math.min(steps, nets[k].steps);
        }
        if (steps < 0 || count < 2) {
            for (int k = 0; k < count; k++) {
                nets[k].forward(in[k], out[k]);
            }
            return;
        }
        for (int k = 0; k < count; k++) {
            nets[k].forward32.begin(in[k]);
        }
        for (int s = 0; s < steps; s++) {
            int k = 0;
            for (; k + 1 < count; k += 2) {
                nets[k].forward32.stepWith(nets[k + 1].forward32, s);
            }
            if (k < count) {
                nets[k].forward32.step(s);
            }
        }
        for (int k = 0; k < count; k++) {
            Forward32 f = nets[k].forward32;
            for (int s = steps; s < nets[k].steps; s++) {
                f.step(s);
            }
            if (!f.end(out[k])) {
                nets[k].forward(in[k], out[k]); // not finite in float: the float64 forward answers, as in forward
            }
        }
    }

    /** Spacing of the weight grid. */
    private double gridStep() {
        return h / tableau.gridResolution();
    }

    private int biasOffset(int step) {
        return biasMode == BiasMode.PER_STEP ? biasOff + step * d : biasOff;
    }

    @Override
    public void forward(double[] in, double[] out) {
        ensurePacked();
        if (forward32 != null && forward32.forward(in, out)) {
            return;
        }
        Kernels.matVec(inPacked, d, n, in, params, inB, x);
        if (embedding == Embedding.TANH) {
            Kernels.tanh(x, x, d);
        }
        if (tableau == Tableau.EULER) {
            // The common case without the stage bookkeeping: x += h f(W_s x + b).
            double[] kk = k[0];
            double[] bias = biasMode == BiasMode.NONE ? null : params;
            for (int s = 0; s < steps; s++) {
                if (activation == Activation.TANH) {
                    Kernels.matVec(gridPacked[s], d, d, x, bias, biasOffset(s), zScratch);
                    Kernels.eulerTanh(zScratch, x, h, d);
                    continue;
                }
                field(gridPacked[s], s, x, kk, zScratch);
                for (int r = 0; r < d; r++) {
                    x[r] += h * kk[r];
                }
            }
            Kernels.rowDots(params, outW, m, d, x, params, outB, out);
            return;
        }
        int stages = tableau.stages();
        int res = tableau.gridResolution();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < stages; i++) {
                stageInput(i, x, y);
                field(gridPacked[s * res + tableau.gridOffset(i)], s, y, k[i], zScratch);
            }
            for (int i = 0; i < stages; i++) {
                double hb = h * tableau.b(i);
                if (hb != 0.0) {
                    double[] ki = k[i];
                    for (int r = 0; r < d; r++) {
                        x[r] += hb * ki[r];
                    }
                }
            }
        }
        Kernels.rowDots(params, outW, m, d, x, params, outB, out);
    }

    /** y = x + h Σ_{j<i} a_ij K_j. */
    private void stageInput(int i, double[] xs, double[] ys) {
        System.arraycopy(xs, 0, ys, 0, d);
        for (int j = 0; j < i; j++) {
            double ha = h * tableau.a(i, j);
            if (ha != 0.0) {
                double[] kj = k[j];
                for (int r = 0; r < d; r++) {
                    ys[r] += ha * kj[r];
                }
            }
        }
    }

    /** kOut = f(W y + b), with W given packed; z receives the pre-activation W y + b. */
    private void field(double[] packed, int step, double[] ys, double[] kOut, double[] z) {
        Kernels.matVec(packed, d, d, ys, biasMode == BiasMode.NONE ? null : params, biasOffset(step), z);
        activation.apply(z, kOut, d);
    }

    @Override
    public Gradients gradient(double[] in, double[] dLdOut) {
        double[] gp = new double[count];
        double[][] gw = new double[gridPoints][d * d];
        Gradients g = backward(in, dLdOut, gp, gw, new double[n]);
        flow.weightsAdjoint(params, flowOff, gridStep(), forwardPoints - 1, grid, gw, gp);
        return g;
    }

    /** dL/dW_j on the weight grid, j = 0 .. M, row-major d-by-d each. */
    @Override
    public int sharedAdjointSize() {
        return gridPoints * d * d;
    }

    /** Unrolls and reverses the main flow per row, summing dL/dW_j; the weight flow's reverse pass waits for the batch. */
    @Override
    public void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared) {
        accumulateRows(in, dLdOut, from, to, gp, shared, null);
    }

    /** As the six-argument form, and dL/din per row unless {@code dLdIn} is null. */
    @Override
    public void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared,
            double[][] dLdIn) {
        double[][] gw = new double[gridPoints][d * d];
        for (int r = from; r < to; r++) {
            backward(in[r], dLdOut[r], gp, gw, dLdIn == null ? null : dLdIn[r]);
        }
        for (int j = 0; j < gridPoints; j++) {
            double[] g = gw[j];
            int o = j * d * d;
            for (int k = 0; k < g.length; k++) {
                shared[o + k] += g[k];
            }
        }
    }

    /** The weight flow's reverse pass (the Fréchet derivatives of its expm or Cayley steps), once per batch. */
    @Override
    public void finishGradient(double[] shared, double[] gp) {
        double[][] gw = new double[gridPoints][];
        for (int j = 0; j < gridPoints; j++) {
            gw[j] = java.util.Arrays.copyOfRange(shared, j * d * d, (j + 1) * d * d);
        }
        flow.weightsAdjoint(params, flowOff, gridStep(), forwardPoints - 1, grid, gw, gp);
    }

    /**
     * Unrolls the main flow for {@code in} and runs its reverse pass: adds dL/dθ of every block but the weight flow's
     * into {@code gp} and dL/dW_j into {@code gw[j]}, and dL/din into {@code gin} (overwritten) unless it is null;
     * returns dL/dθ so far, dL/din and the state trajectory.
     */
    private Gradients backward(double[] in, double[] dLdOut, double[] gp, double[][] gw, double[] gin) {
        ensurePacked();
        int stages = tableau.stages();
        int res = tableau.gridResolution();
        double[][] xs = new double[steps + 1][];
        double[][][] ys = new double[steps][stages][d];
        double[][][] zs = new double[steps][stages][d];
        double[][][] ks = new double[steps][stages][d];
        double[] xc = new double[d];
        Kernels.matVec(inPacked, d, n, in, params, inB, xc);
        if (embedding == Embedding.TANH) {
            Kernels.tanh(xc, xc, d);
        }
        xs[0] = xc.clone();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < stages; i++) {
                System.arraycopy(xc, 0, ys[s][i], 0, d);
                for (int j = 0; j < i; j++) {
                    double ha = h * tableau.a(i, j);
                    for (int r = 0; r < d; r++) {
                        ys[s][i][r] += ha * ks[s][j][r];
                    }
                }
                field(gridPacked[s * res + tableau.gridOffset(i)], s, ys[s][i], ks[s][i], zs[s][i]);
            }
            for (int i = 0; i < stages; i++) {
                double hb = h * tableau.b(i);
                for (int r = 0; r < d; r++) {
                    xc[r] += hb * ks[s][i][r];
                }
            }
            xs[s + 1] = xc.clone();
        }

        double[][] adj = new double[steps + 1][];
        double[] a = new double[d];
        // out = P_out x_N + c_out
        for (int r = 0; r < m; r++) {
            double g = dLdOut[r];
            gp[outB + r] += g;
            int row = outW + r * d;
            for (int c = 0; c < d; c++) {
                gp[row + c] += g * xs[steps][c];
                a[c] += g * params[row + c];
            }
        }
        adj[steps] = a.clone();
        double[][] kbar = new double[stages][d];
        double[] v = new double[d];
        double[] ybar = new double[d];
        for (int s = steps - 1; s >= 0; s--) {
            for (int i = 0; i < stages; i++) {
                double hb = h * tableau.b(i);
                for (int r = 0; r < d; r++) {
                    kbar[i][r] = hb * a[r];
                }
            }
            double[] aPrev = a.clone();
            int bo = biasOffset(s);
            for (int i = stages - 1; i >= 0; i--) {
                double[] z = zs[s][i];
                double[] kk = ks[s][i];
                for (int r = 0; r < d; r++) {
                    v[r] = activation.derivative(z[r], kk[r]) * kbar[i][r];
                }
                double[] w = grid[s * res + tableau.gridOffset(i)];
                double[] gW = gw[s * res + tableau.gridOffset(i)];
                double[] yi = ys[s][i];
                Arrays.fill(ybar, 0.0);
                for (int r = 0; r < d; r++) {
                    double vr = v[r];
                    if (vr == 0.0) {
                        continue;
                    }
                    int row = r * d;
                    for (int c = 0; c < d; c++) {
                        ybar[c] += w[row + c] * vr;
                        gW[row + c] += vr * yi[c];
                    }
                    if (biasMode != BiasMode.NONE) {
                        gp[bo + r] += vr;
                    }
                }
                for (int j = 0; j < i; j++) {
                    double ha = h * tableau.a(i, j);
                    if (ha != 0.0) {
                        for (int r = 0; r < d; r++) {
                            kbar[j][r] += ha * ybar[r];
                        }
                    }
                }
                for (int r = 0; r < d; r++) {
                    aPrev[r] += ybar[r];
                }
            }
            a = aPrev;
            adj[s] = a.clone();
        }
        // x_0 = P_in obs + c_in, or its tanh
        if (gin != null) {
            Arrays.fill(gin, 0.0);
        }
        for (int r = 0; r < d; r++) {
            double g = embedding == Embedding.TANH ? a[r] * (1.0 - xs[0][r] * xs[0][r]) : a[r];
            gp[inB + r] += g;
            int row = inW + r * n;
            for (int c = 0; c < n; c++) {
                gp[row + c] += g * in[c];
            }
            if (gin != null) {
                for (int c = 0; c < n; c++) {
                    gin[c] += g * params[row + c];
                }
            }
        }
        return new Gradients(gp, gin, xs, adj);
    }

    @Override
    public OdeNetwork copy() {
        OdeNetwork c = new OdeNetwork(n, m, d, steps, horizon, activation, tableau, flowFactory, biasMode, embedding,
                seed);
        c.setParameters(params);
        c.setForwardPrecision(forwardPrecision());
        return c;
    }
}
