package org.odetoode.modules.flow;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/**
 * Produces the weight trajectory W_0 .. W_M of the main flow from parameters, on the grid t_j = j·dt, and
 * differentiates it in reverse mode.
 *
 * <p>The trajectory depends only on the parameters, never on the input: a network computes it once per
 * parameter vector and reuses it for every forward call. Implementations keep what {@link #weightsAdjoint}
 * needs from the latest {@link #weights} call and are not thread-safe.
 */
public interface ParameterFlow {

    /** Width d of the d-by-d weight matrices. */
    int dimension();

    /** Number of parameters. */
    int parameterCount();

    /** Named blocks, offsets relative to {@code base}. */
    List<ParameterBlock> blocks(String prefix, int base);

    /** Draws initial parameters into {@code p[off..]}. */
    void initialize(Random rng, double[] p, int off);

    /** Writes W(t_j), j = 0..m, into {@code grid[j]} (row-major d-by-d). */
    void weights(double[] p, int off, double dt, int m, double[][] grid);

    /**
     * Continues the latest {@link #weights} call, made with these parameters and step, which wrote W_0 .. W_from,
     * to W_m (from ≤ m), for the cost of the steps past {@code from}: the grid, and what {@link #weightsAdjoint}
     * through any m' ≤ m reads, are then exactly those of {@code weights(p, off, dt, m, grid)}.
     */
    void extendWeights(double[] p, int off, double dt, int from, int m, double[][] grid);

    /**
     * Reverse mode through the latest {@link #weights} call: given dL/dW_j in {@code gw[j]} (overwritten as
     * scratch), accumulates dL/dp into {@code gp[off..]}.
     */
    void weightsAdjoint(double[] p, int off, double dt, int m, double[][] grid, double[][] gw, double[] gp);

    /** True when every W_j is orthogonal up to rounding (restricted generator, group stepper, orthogonal W_0). */
    boolean staysOrthogonal();
}
