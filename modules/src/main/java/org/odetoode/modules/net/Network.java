package org.odetoode.modules.net;

import java.util.List;
import org.odetoode.modules.ParameterBlock;

/**
 * A differentiable map from observations to raw outputs (logits or pre-squash actions) with a flat parameter vector.
 *
 * <p>{@link #forward} is the hot path: it allocates nothing and reuses what {@link #setParameters} precomputed.
 * An instance owns scratch buffers and is not thread-safe; {@link #copy()} gives an independent one per thread.
 */
public interface Network {

    /** Observation size. */
    int inputSize();

    /** Output size. */
    int outputSize();

    /** Number of parameters. */
    int parameterCount();

    /** Named slices of the parameter vector, in order, covering it. */
    List<ParameterBlock> parameterBlocks();

    /** A copy of the current parameters. */
    double[] parameters();

    /**
     * Replaces the parameters and recomputes what depends only on them (the weight trajectory).
     *
     * @throws org.odetoode.modules.InvalidHyperparameterException if the length is wrong or an entry is not finite
     */
    void setParameters(double[] parameters);

    /**
     * out = network(in), in the arithmetic of {@link #forwardPrecision()}. A float32 forward whose output is not
     * finite has overflowed the float range (weights past 3.4e38 once rounded, as an unrestricted flow that blows up
     * late in [0, T] has, or sums past it) and is answered by the float64 forward instead: float32 never turns a
     * network float64 evaluates to finite values into NaN.
     */
    void forward(double[] in, double[] out);

    /** The arithmetic of {@link #forward}; FLOAT64 unless set. */
    Precision forwardPrecision();

    /**
     * Sets the arithmetic of {@link #forward} from now on (it applies to {@link #copy()}s too); the gradient methods
     * stay float64.
     *
     * @throws org.odetoode.modules.InvalidHyperparameterException if this network has no forward in that precision
     */
    void setForwardPrecision(Precision precision);

    /**
     * Reverse mode for a scalar loss L of the output: given dL/dout, returns dL/dparameters, dL/din, and the states
     * with their adjoints dL/dx_k along the network's depth.
     */
    Gradients gradient(double[] in, double[] dLdOut);

    /**
     * Reverse mode over a batch that shares the parameters: adds Σ_{r = from}^{to − 1} dL_r/dθ into {@code gp}, where
     * L_r = dLdOut[r] · network(in[r]). This is the minibatch gradient of policy-gradient methods:
     * {@link #accumulateRows} then {@link #finishGradient}.
     */
    default void accumulateGradient(double[][] in, double[][] dLdOut, int from, int to, double[] gp) {
        double[] shared = new double[sharedAdjointSize()];
        accumulateRows(in, dLdOut, from, to, gp, shared);
        finishGradient(shared, gp);
    }

    /**
     * Size of the adjoint of the computation that every row shares (for an {@link OdeNetwork}, dL/dW_j on the weight
     * grid, whose reverse pass through the weight flow, Fréchet derivatives of expm included, costs far more than a
     * row's); 0 when there is none.
     */
    default int sharedAdjointSize() {
        return 0;
    }

    /**
     * The per-row half of {@link #accumulateGradient}, so that a batch can be split over threads: adds the rows'
     * dL/dθ into {@code gp}, except what passes through the shared computation, whose adjoint it adds into
     * {@code shared} ({@link #sharedAdjointSize()} values). Sum the halves of every part of the batch in a fixed
     * order, then call {@link #finishGradient} once. The default adds {@link #gradient(double[], double[])} row by
     * row.
     */
    default void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared) {
        for (int r = from; r < to; r++) {
            double[] g = gradient(in[r], dLdOut[r]).parameters();
            for (int i = 0; i < g.length; i++) {
                gp[i] += g[i];
            }
        }
    }

    /**
     * {@link #accumulateRows(double[][], double[][], int, int, double[], double[])} that also writes each row's
     * dL_r/din into {@code dLdIn[r]} (overwritten) unless {@code dLdIn} is null, for a differentiable layer in front of the network. The default
     * runs {@link #gradient(double[], double[])} row by row, which suits networks with no shared computation.
     */
    default void accumulateRows(double[][] in, double[][] dLdOut, int from, int to, double[] gp, double[] shared,
            double[][] dLdIn) {
        if (dLdIn == null) {
            accumulateRows(in, dLdOut, from, to, gp, shared);
            return;
        }
        for (int r = from; r < to; r++) {
            Gradients g = gradient(in[r], dLdOut[r]);
            double[] gr = g.parameters();
            for (int i = 0; i < gr.length; i++) {
                gp[i] += gr[i];
            }
            System.arraycopy(g.input(), 0, dLdIn[r], 0, inputSize());
        }
    }

    /**
     * The shared half of {@link #accumulateGradient}: runs the shared computation's reverse pass for the summed
     * {@code shared} adjoint (overwritten as scratch) and adds its dL/dθ into {@code gp}. Uses the parameters set
     * now; a no-op when {@link #sharedAdjointSize()} is 0.
     */
    default void finishGradient(double[] shared, double[] gp) {
    }

    /** An independent instance with the same structure and parameters. */
    Network copy();

    /** Finds the block holding flat index {@code i}. */
    default ParameterBlock blockOf(int i) {
        for (ParameterBlock b : parameterBlocks()) {
            if (b.contains(i)) {
                return b;
            }
        }
        throw new IndexOutOfBoundsException("parameter index " + i + " outside 0.." + (parameterCount() - 1));
    }

    /** Throws a clear error naming the first entry that is not finite or a wrong length. */
    default void checkParameters(double[] p) {
        if (p == null || p.length != parameterCount()) {
            throw org.odetoode.modules.InvalidHyperparameterException.of("parameters", "Expected "
                    + parameterCount() + " parameters, got " + (p == null ? "null" : p.length));
        }
        for (int i = 0; i < p.length; i++) {
            if (!Double.isFinite(p[i])) {
                ParameterBlock b = blockOf(i);
                throw org.odetoode.modules.InvalidHyperparameterException.of(b.name(), "Parameter " + i + " ("
                        + b.name() + "[" + (i - b.offset()) + "]) is " + p[i] + "; every parameter must be finite");
            }
        }
    }
}
