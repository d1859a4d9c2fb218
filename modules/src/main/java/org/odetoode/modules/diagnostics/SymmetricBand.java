package org.odetoode.modules.diagnostics;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * D2 (shared/research/gradient-diagnostics.md §3): the extreme eigenvalues μ₋(t_k) ≤ μ₊(t_k) of Sym(D_kW_k) =
 * (D_kW_k + (D_kW_k)ᵀ)/2 with D_k = diag f'(W_k x_k + b), along the trajectory. In continuous time the log of every
 * singular value of ∂x_T/∂x_0 lies in [∫μ₋, ∫μ₊]; a skew D_kW_k gives a zero band, |f'| ≤ β a band within ±β.
 *
 * @param times t_k = k·h
 * @param lower μ₋(t_k)
 * @param upper μ₊(t_k)
 * @param stepSize h
 */
public record SymmetricBand(double[] times, double[] lower, double[] upper, double stepSize) {

    /** Computes the band at the first stage of every step of the unrolled flow. */
    public static SymmetricBand of(UnrolledFlow flow) {
        int d = flow.network().width();
        int n = flow.network().steps();
        int res = flow.network().tableau().gridResolution();
        double h = flow.chain().stepSize();
        double[] t = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int k = 0; k < n; k++) {
            double[] w = flow.weights(k * res);
            double[] z = flow.preActivations()[k];
            double[] fz = new double[d];
            flow.network().activation().apply(z, fz, d);
            RealMatrix dw = MatrixUtils.createRealMatrix(d, d);
            for (int r = 0; r < d; r++) {
                double fp = flow.network().activation().derivative(z[r], fz[r]);
                for (int c = 0; c < d; c++) {
                    dw.setEntry(r, c, fp * w[r * d + c]);
                }
            }
            RealMatrix sym = dw.add(dw.transpose()).scalarMultiply(0.5);
            double[] eig = new EigenDecompositionSymmetric(sym).getEigenvalues();
            t[k] = k * h;
            lo[k] = min(eig);
            hi[k] = max(eig);
        }
        return new SymmetricBand(t, lo, hi, h);
    }

    /** h Σ μ₋: the lower end of the log-gain band. */
    public double integratedLower() {
        return stepSize * sum(lower);
    }

    /** h Σ μ₊: the upper end of the log-gain band. */
    public double integratedUpper() {
        return stepSize * sum(upper);
    }

    private static double sum(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
