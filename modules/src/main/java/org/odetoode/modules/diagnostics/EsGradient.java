package org.odetoode.modules.diagnostics;

import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * D10, evolution strategies against backprop (research note §2 "Why ES-trained policies still worked" and §3): the
 * antithetic Gaussian estimate of the gradient of the smoothed objective F_σ(θ) = E F(θ + σε),
 * ĝ = (1/(2σK)) Σ_{i=1..K} [F(θ + σε_i) − F(θ − σε_i)] ε_i, ε_i ~ N(0, I), compared with the true gradient by cosine
 * and norm. For a quadratic F the estimate is unbiased, so the cosine → 1 as K grows (about √(K/(K + n)) in
 * dimension n); for oscillating F the smoothing bounds ‖ĝ‖ whatever the horizon T.
 */
public final class EsGradient {
    private EsGradient() {
    }

    /**
     * The comparison of an estimate with the truth.
     *
     * @param cosine cos(ĝ, ∇F)
     * @param estimateNorm ‖ĝ‖
     * @param trueNorm ‖∇F‖
     */
    public record Comparison(double cosine, double estimateNorm, double trueNorm) {
        /** ‖ĝ‖/‖∇F‖. */
        public double normRatio() {
            return estimateNorm / trueNorm;
        }
    }

    /**
     * The antithetic estimate ĝ with K = {@code directions} seeded directions.
     *
     * @throws IllegalArgumentException if σ ≤ 0 or K ≤ 0
     */
    public static double[] antithetic(ToDoubleFunction<double[]> f, double[] theta, double sigma, int directions,
            Random rng) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("The ES smoothing σ must be a finite number > 0, got " + sigma);
        }
        if (directions < 1) {
            throw new IllegalArgumentException("The number of ES directions must be >= 1, got " + directions);
        }
        int n = theta.length;
        double[] g = new double[n];
        double[] eps = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < directions; k++) {
            for (int i = 0; i < n; i++) {
                eps[i] = rng.nextGaussian();
                p[i] = theta[i] + sigma * eps[i];
            }
            double plus = f.applyAsDouble(p);
            for (int i = 0; i < n; i++) {
                p[i] = theta[i] - sigma * eps[i];
            }
            double diff = plus - f.applyAsDouble(p);
            for (int i = 0; i < n; i++) {
                g[i] += diff * eps[i];
            }
        }
        double scale = 1.0 / (2.0 * sigma * directions);
        for (int i = 0; i < n; i++) {
            g[i] *= scale;
        }
        return g;
    }

    /** Cosine and norms of an estimate against the true gradient. */
    public static Comparison compare(double[] estimate, double[] truth) {
        return new Comparison(Stats.cosine(estimate, truth), Stats.norm(estimate), Stats.norm(truth));
    }
}
