package org.odetoode.modules.flow;

import java.util.List;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;

/**
 * The right-hand side b_ψ(t, W) of the parameter flow dW/dt = W b_ψ(t, W), on d-by-d row-major matrices.
 *
 * <p>Each generator produces a raw matrix G(t, W; ψ); a restricted generator returns its skew part times two,
 * b = G − Gᵀ, so that W stays on O(d); an unrestricted one returns G itself (the paper's "without the skew
 * projection" control). The projection lives in {@link AbstractGenerator}, so every variant gets both forms.
 *
 * <p>Parameters are read from {@code p} starting at {@code off}; gradients are accumulated (+=), never overwritten.
 */
public interface Generator {

    /** Number of parameters ψ. */
    int parameterCount();

    /** Named blocks of ψ, offsets relative to {@code base}. */
    List<ParameterBlock> blocks(String prefix, int base);

    /** Draws initial ψ from {@code rng} into {@code p[off..]}. */
    void initialize(Random rng, double[] p, int off);

    /** True when b depends neither on t nor on W: one step matrix serves every step. */
    boolean isConstant();

    /** True when b is skew-symmetric, so the group steppers keep W orthogonal. */
    boolean isSkew();

    /** Writes b(t, W) into {@code b}. */
    void generate(double[] p, int off, double t, double[] w, double[] b);

    /**
     * Reverse mode: given gB = dL/db at (t, W), accumulates dL/dψ into {@code gp[off..]} and dL/dW into {@code gw}.
     */
    void generateAdjoint(double[] p, int off, double t, double[] w, double[] gb, double[] gp, double[] gw);
}
