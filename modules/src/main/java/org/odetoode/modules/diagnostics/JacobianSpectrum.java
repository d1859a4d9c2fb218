package org.odetoode.modules.diagnostics;

import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * D1, the Jacobian spectrum of the unrolled flow (shared/research/gradient-diagnostics.md §3): the singular values of
 * Φ_k = ∂x_k/∂x_0 = J_{k−1} ⋯ J_0 for every k, the adjoint norms ‖a_k‖ = ‖∂L/∂x_k‖, and Nestaas' adjoint score
 * q95/q05 of those norms over k (1 is ideal: the adjoint keeps its norm).
 *
 * <p>Predictions: W = ±1, f = id gives e^{±t}; a constant rotation R(θ) gives e^{t cos θ}; an orthogonal linear chain
 * keeps every σ at 1.
 *
 * @param singularValues σ_1 ≥ … ≥ σ_d of Φ_k, k = 0..N
 * @param adjointNorms ‖a_k‖, k = 0..N (empty when the chain has no loss)
 * @param adjointScore q95/q05 of the adjoint norms (NaN without a loss)
 */
public record JacobianSpectrum(double[][] singularValues, double[] adjointNorms, double adjointScore) {

    /** Computes D1 along a chain, one SVD (Hipparchus) per step. */
    public static JacobianSpectrum of(Chain chain) {
        RealMatrix[] phi = chain.forwardProducts();
        double[][] sv = new double[phi.length][];
        for (int k = 0; k < phi.length; k++) {
            sv[k] = singularValues(phi[k]);
        }
        if (chain.adjoints() == null) {
            return new JacobianSpectrum(sv, new double[0], Double.NaN);
        }
        double[] norms = new double[chain.adjoints().length];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = Stats.norm(chain.adjoints()[k]);
        }
        return new JacobianSpectrum(sv, norms, adjointScore(norms));
    }

    /** q̂.95(‖a‖)/q̂.05(‖a‖) over the given norms. */
    public static double adjointScore(double[] norms) {
        return Stats.quantile(norms, 0.95) / Stats.quantile(norms, 0.05);
    }

    /** Singular values in decreasing order; a matrix with a non-finite entry gives NaNs rather than an exception. */
    public static double[] singularValues(RealMatrix m) {
        for (int r = 0; r < m.getRowDimension(); r++) {
            for (int c = 0; c < m.getColumnDimension(); c++) {
                if (!Double.isFinite(m.getEntry(r, c))) {
                    double[] nan = new double[Math.min(m.getRowDimension(), m.getColumnDimension())];
                    java.util.Arrays.fill(nan, Double.NaN);
                    return nan;
                }
            }
        }
        return new SingularValueDecomposition(m).getSingularValues();
    }

    /** σ_max(Φ_N): the end-to-end gain ‖∂x_N/∂x_0‖. */
    public double finalMaxGain() {
        return singularValues[singularValues.length - 1][0];
    }

    /** σ_min(Φ_N). */
    public double finalMinGain() {
        double[] last = singularValues[singularValues.length - 1];
        return last[last.length - 1];
    }
}
