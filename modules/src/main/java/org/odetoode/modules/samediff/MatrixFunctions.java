package org.odetoode.modules.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.odetoode.modules.flow.Stepper;

/**
 * The steppers' E(A) as SameDiff subgraphs of mmul and add only, so that SameDiff's own reverse mode differentiates
 * them: it has no expm op, its matrixInverse gradient is wrong (−(Y Y) ∘ Ḡ, elementwise, instead of −Yᵀ Ḡ Yᵀ), and
 * its linear-solve op has no gradient at all.
 *
 * <p>A graph is static, so the truncation is fixed when it is built, for a <em>capacity</em>: an upper bound on
 * ‖A‖₁ taken as twice the norm of the concrete A at build time (at least 1/16), which leaves room for parameter
 * updates before {@link SameDiffNetwork} has to rebuild.
 * <ul>
 *   <li>expm: scaling and squaring with a Taylor polynomial. A is scaled by 2^−s until the capacity is at most 1/2,
 *       and the polynomial (Horner form) has the smallest degree K with x^K/K! ≤ 1e-18 at the scaled capacity x,
 *       which bounds the truncation of the series and of its derivative (the Fréchet derivative's series is the
 *       same one shifted by one term) well below double rounding. It agrees with the Padé expm of
 *       {@link org.odetoode.modules.linalg.Expm} to rounding; its gradient is that of the polynomial, so the
 *       Fréchet derivative to the same accuracy.</li>
 *   <li>Cayley: E = X (I + A/2) with X = (I − A/2)⁻¹ from Newton–Schulz iterations X ← X (2I − M X), M = I − A/2,
 *       started at X₀ = I + A/2, whose residual I − M X₀ = A²/4 is squared by every iteration. At a fixed point the
 *       iteration's derivative in X vanishes, so the derivative of the iterate converges to that of M⁻¹
 *       (−M⁻¹ dM M⁻¹) just as fast: iterations run until 2^k r^(2^k − 1) ≤ 1e-18 with r = capacity²/4.
 *       This needs ‖A‖₁ ≤ 1 (r ≤ 1/4), which holds for step sizes that keep the plain stepper accurate.</li>
 *   <li>Euler: E = I + A, exact.</li>
 * </ul>
 */
final class MatrixFunctions {
    private static final double HEADROOM = 2.0;
    private static final double MIN_CAPACITY = 1.0 / 16;
    private static final double TOLERANCE = 1e-18;
    private static final double TAYLOR_RADIUS = 0.5;
    private static final double CAYLEY_LIMIT = 1.0;

    private MatrixFunctions() {
    }

    /**
     * The capacity of a graph built for a concrete A with ‖A‖₁ = norm.
     *
     * @throws UnsupportedOperationException for a Cayley step with ‖A‖₁ > 1
     */
    static double capacity(Stepper stepper, double norm) {
        double c = Math.max(HEADROOM * norm, MIN_CAPACITY);
        return switch (stepper) {
            case EXPM -> c;
            case CAYLEY -> {
                if (!(norm <= CAYLEY_LIMIT)) {
                    throw new UnsupportedOperationException("SameDiff Cayley steps need ||h b||_1 <= " + CAYLEY_LIMIT
                            + " (Newton-Schulz inverse), got " + norm + "; use more steps or the expm stepper");
                }
                yield Math.min(c, CAYLEY_LIMIT);
            }
            case EULER -> Double.POSITIVE_INFINITY;
        };
    }

    /** Number of squarings s so that capacity·2^−s ≤ 1/2. */
    static int squarings(double capacity) {
        int s = 0;
        while (Math.scalb(capacity, -s) > TAYLOR_RADIUS) {
            s++;
        }
        return s;
    }

    /** Smallest K with x^K/K! ≤ 1e-18. */
    static int taylorDegree(double x) {
        int k = 1;
        double term = x;
        while (term > TOLERANCE) {
            k++;
            term *= x / k;
        }
        return k;
    }

    /** Newton–Schulz iterations for a Cayley step of the given capacity (at most 1). */
    static int inverseIterations(double capacity) {
        double r = capacity * capacity / 4;
        int k = 0;
        while (Math.scalb(Math.pow(r, Math.scalb(1.0, k) - 1), k) > TOLERANCE) {
            k++;
        }
        return k;
    }

    /** E(A) for a d-by-d A with ‖A‖₁ ≤ capacity. */
    static SDVariable step(Graph g, Stepper stepper, SDVariable a, int d, double capacity) {
        SDVariable id = g.identity(d);
        return switch (stepper) {
            case EXPM -> expm(id, a, capacity);
            case CAYLEY -> {
                SDVariable half = a.mul(0.5);
                SDVariable m = id.sub(half);
                SDVariable plus = id.add(half);
                SDVariable x = plus;
                for (int i = inverseIterations(capacity); i > 0; i--) {
                    x = x.mul(2.0).sub(x.mmul(m.mmul(x)));
                }
                yield x.mmul(plus);
            }
            case EULER -> id.add(a);
        };
    }

    private static SDVariable expm(SDVariable id, SDVariable a, double capacity) {
        int s = squarings(capacity);
        int degree = taylorDegree(Math.scalb(capacity, -s));
        SDVariable scaled = s == 0 ? a : a.mul(Math.scalb(1.0, -s));
        // Horner: T = I + A/K, then T ← I + A T / k for k = K−1 .. 1.
        SDVariable t = id.add(scaled.div(degree));
        for (int k = degree - 1; k >= 1; k--) {
            t = id.add(scaled.mmul(t).div(k));
        }
        for (int i = 0; i < s; i++) {
            t = t.mmul(t);
        }
        return t;
    }
}
