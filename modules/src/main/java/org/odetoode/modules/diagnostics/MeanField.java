package org.odetoode.modules.diagnostics;

import java.util.Random;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.analysis.integration.gauss.SymmetricGaussIntegrator;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.odetoode.modules.Activation;

/**
 * D4, mean-field signal propagation in the discrete baseline h^l = W^l φ(h^{l−1}) + b^l with W ~ N(0, σ_w²/n),
 * b ~ N(0, σ_b²) (Poole et al. 2016; Schoenholz et al. 2017; research note §1d):
 * <ul>
 *   <li>length map q ↦ σ_w² ∫Dz φ(√q z)² + σ_b², fixed point q*;</li>
 *   <li>χ₁ = σ_w² ∫Dz φ'(√q* z)², the mean squared singular value of one layer's Jacobian (χ₁ = 1 is critical);</li>
 *   <li>correlation map c ↦ (σ_w² ∫Dz₁Dz₂ φ(u₁)φ(u₂) + σ_b²)/q* with u₁ = √q* z₁, u₂ = √q*(c z₁ + √(1−c²) z₂), fixed
 *       point c*, and depth scale ξ_c = −1/ln(σ_w² ∫Dz₁Dz₂ φ'(u₁)φ'(u₂)) at c* (= −1/ln χ₁ when c* = 1);</li>
 *   <li>gradient depth scale ξ_∇ = 1/|ln χ₁| (‖∇_{W^l}E‖² ∝ χ₁^{L−l}: vanishing below critical, exploding above).</li>
 * </ul>
 * Gaussian integrals use an {@value #NODES}-point Gauss-Hermite rule (Hipparchus), tensorised for the double
 * integrals. It integrates polynomials up to degree 2·{@value #NODES}−1 exactly; for ReLU the symmetric even rule
 * still gives ∫Dz 1[z>0] = ½ and ∫Dz relu(z)² = ½ exactly, so χ₁ = σ_w²/2 and the length map are exact.
 */
public final class MeanField {
    /** Gauss-Hermite nodes per dimension. */
    public static final int NODES = 80;
    private static final int MAX_ITERATIONS = 100_000;

    private final Activation phi;
    private final double[] z;
    private final double[] weight;

    /**
     * One mean-field point.
     *
     * @param sigmaW2 σ_w²
     * @param sigmaB2 σ_b²
     * @param qStar q* (infinite when the length map has no fixed point, e.g. ReLU with σ_w² ≥ 2)
     * @param chi1 χ₁
     * @param cStar c*
     * @param correlationDepth ξ_c (infinite at the critical point)
     * @param gradientDepth ξ_∇ = 1/|ln χ₁|
     */
    public record Point(double sigmaW2, double sigmaB2, double qStar, double chi1, double cStar,
            double correlationDepth, double gradientDepth) {
    }

    /** Mean field for activation φ (tanh, relu, sigmoid, identity). */
    public MeanField(Activation phi) {
        this.phi = phi;
        SymmetricGaussIntegrator rule = new GaussIntegratorFactory().hermite(NODES);
        z = new double[NODES];
        weight = new double[NODES];
        for (int i = 0; i < NODES; i++) {
            // ∫ g(x) e^{−x²} dx with x = z/√2 gives the standard normal measure up to 1/√π.
            z[i] = Math.sqrt(2.0) * rule.getPoint(i);
            weight[i] = rule.getWeight(i) / Math.sqrt(Math.PI);
        }
    }

    /** The activation. */
    public Activation activation() {
        return phi;
    }

    /** q* by fixed-point iteration from q = 1; +∞ when it diverges or does not settle (ReLU at σ_w² = 2). */
    public double qStar(double sigmaW2, double sigmaB2) {
        double q = 1.0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double s = 0.0;
            double r = Math.sqrt(q);
            for (int i = 0; i < NODES; i++) {
                double v = phi.apply(r * z[i]);
                s += weight[i] * v * v;
            }
            double next = sigmaW2 * s + sigmaB2;
            if (!(next < 1e12)) {
                return Double.POSITIVE_INFINITY;
            }
            if (Math.abs(next - q) <= 1e-14 * Math.max(1.0, q)) {
                return next;
            }
            q = next;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** χ₁ = σ_w² ∫Dz φ'(√q* z)². */
    public double chi1(double sigmaW2, double sigmaB2) {
        return chi1At(sigmaW2, qStar(sigmaW2, sigmaB2));
    }

    private double chi1At(double sigmaW2, double q) {
        if (Double.isInfinite(q)) {
            return phi == Activation.RELU ? sigmaW2 / 2 : Double.NaN;
        }
        double r = Math.sqrt(q);
        double s = 0.0;
        for (int i = 0; i < NODES; i++) {
            double u = r * z[i];
            double fp = phi.derivative(u, phi.apply(u));
            s += weight[i] * fp * fp;
        }
        return sigmaW2 * s;
    }

    /** The full mean-field point. */
    public Point point(double sigmaW2, double sigmaB2) {
        double q = qStar(sigmaW2, sigmaB2);
        double chi1 = chi1At(sigmaW2, q);
        double c = Double.NaN;
        double xiC = Double.NaN;
        if (Double.isFinite(q)) {
            c = cStar(sigmaW2, sigmaB2, q);
            double chiC = sigmaW2 * doubleIntegral(q, c, true);
            xiC = -1.0 / Math.log(chiC);
        }
        return new Point(sigmaW2, sigmaB2, q, chi1, c, xiC, 1.0 / Math.abs(Math.log(chi1)));
    }

    /** c* by iterating the correlation map from c = 0.5; stays at 1 in the ordered phase. */
    private double cStar(double sigmaW2, double sigmaB2, double q) {
        double c = 0.5;
        for (int it = 0; it < 5_000; it++) {
            double next = Math.min(1.0, (sigmaW2 * doubleIntegral(q, c, false) + sigmaB2) / q);
            if (Math.abs(next - c) < 1e-12) {
                return next;
            }
            c = next;
        }
        return c;
    }

    /** ∫Dz₁Dz₂ g(u₁)g(u₂) with g = φ or φ'. */
    private double doubleIntegral(double q, double c, boolean derivative) {
        double r = Math.sqrt(q);
        double s2 = Math.sqrt(Math.max(0.0, 1.0 - c * c));
        double[] g1 = new double[NODES];
        for (int i = 0; i < NODES; i++) {
            g1[i] = g(r * z[i], derivative);
        }
        double total = 0.0;
        for (int i = 0; i < NODES; i++) {
            double inner = 0.0;
            for (int j = 0; j < NODES; j++) {
                inner += weight[j] * g(r * (c * z[i] + s2 * z[j]), derivative);
            }
            total += weight[i] * g1[i] * inner;
        }
        return total;
    }

    private double g(double u, boolean derivative) {
        double f = phi.apply(u);
        return derivative ? phi.derivative(u, f) : f;
    }

    /** The σ_w² with χ₁ = 1 at the given σ_b², by bisection on [lo, hi] (χ₁ increases with σ_w²). */
    public double criticalSigmaW2(double sigmaB2, double lo, double hi) {
        double a = lo;
        double b = hi;
        if (!(chi1(a, sigmaB2) < 1.0 && chi1(b, sigmaB2) > 1.0)) {
            throw new IllegalArgumentException("χ₁ does not cross 1 between σ_w² = " + lo + " and " + hi + " for "
                    + phi.key() + " at σ_b² = " + sigmaB2);
        }
        for (int it = 0; it < 60 && b - a > 1e-12; it++) {
            double m = 0.5 * (a + b);
            if (chi1(m, sigmaB2) < 1.0) {
                a = m;
            } else {
                b = m;
            }
        }
        return 0.5 * (a + b);
    }

    /**
     * A random chain of the discrete baseline (width n, depth L, inputs drawn at the fixed point q*), for checking the
     * prediction GSC(L, 0) ≈ χ₁^{L/2} of D3 against the mean field: layer Jacobians W^l diag φ'(h^{l−1}).
     */
    public Chain randomChain(double sigmaW2, double sigmaB2, int width, int depth, Random rng) {
        double q = qStar(sigmaW2, sigmaB2);
        double[] h = new double[width];
        double scale = Double.isFinite(q) ? Math.sqrt(q) : 1.0;
        for (int i = 0; i < width; i++) {
            h[i] = scale * rng.nextGaussian();
        }
        double[][] states = new double[depth + 1][];
        RealMatrix[] jac = new RealMatrix[depth];
        states[0] = h.clone();
        double sw = Math.sqrt(sigmaW2 / width);
        double sb = Math.sqrt(sigmaB2);
        for (int l = 0; l < depth; l++) {
            double[][] w = new double[width][width];
            double[][] j = new double[width][width];
            double[] next = new double[width];
            double[] fh = new double[width];
            double[] fp = new double[width];
            for (int c = 0; c < width; c++) {
                fh[c] = phi.apply(h[c]);
                fp[c] = phi.derivative(h[c], fh[c]);
            }
            for (int r = 0; r < width; r++) {
                double acc = sb * rng.nextGaussian();
                for (int c = 0; c < width; c++) {
                    w[r][c] = sw * rng.nextGaussian();
                    acc += w[r][c] * fh[c];
                    j[r][c] = w[r][c] * fp[c];
                }
                next[r] = acc;
            }
            jac[l] = MatrixUtils.createRealMatrix(j);
            h = next;
            states[l + 1] = h.clone();
        }
        return new Chain(states, jac, null, 1.0);
    }
}
