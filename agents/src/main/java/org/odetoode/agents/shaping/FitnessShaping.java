package org.odetoode.agents.shaping;

import java.util.Arrays;
import java.util.Locale;

/**
 * Turns the returns of the used candidates into utilities; fitness is maximised throughout the agents module.
 * A NaN return counts as the worst (it can never pull the update towards it).
 *
 * <table>
 *   <caption>Shapers</caption>
 *   <tr><td>{@code centered-rank}</td><td>rank/(n−1) − ½, ties by candidate index (Salimans et al. 2017, §2.2)</td></tr>
 *   <tr><td>{@code z-score}</td><td>(f − mean)/std; with antithetic pairs only the differences matter, so this is
 *       ARS's division of the step by the std of the used returns (Mania et al. 2018, Alg. 2 line 7)</td></tr>
 *   <tr><td>{@code none}</td><td>the raw returns</td></tr>
 * </table>
 */
public enum FitnessShaping {
    CENTERED_RANK, Z_SCORE, NONE;

    /** Below this std the returns are taken as equal and left unscaled (Iris does the same). */
    private static final double STD_FLOOR = 1e-12;

    /** The config spelling: {@code centered-rank}, {@code z-score}, {@code none}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Utilities for {@code fitness}, a new array of the same length. */
    public double[] shape(double[] fitness) {
        double[] f = worstForNaN(fitness);
        int n = f.length;
        double[] u = new double[n];
        switch (this) {
            case CENTERED_RANK -> {
                int[] order = StableOrder.ascending(f);
                for (int r = 0; r < n; r++) {
                    u[order[r]] = n == 1 ? 0.0 : (double) r / (n - 1) - 0.5;
                }
            }
            case Z_SCORE -> {
                double mean = Arrays.stream(f).sum() / n;
                double var = 0.0;
                for (double x : f) {
                    var += (x - mean) * (x - mean);
                }
                double std = Math.sqrt(var / n);
                double scale = std < STD_FLOOR ? 1.0 : 1.0 / std;
                for (int i = 0; i < n; i++) {
                    u[i] = (f[i] - mean) * scale;
                }
            }
            case NONE -> System.arraycopy(f, 0, u, 0, n);
            default -> throw new IllegalStateException(name());
        }
        return u;
    }

    private static double[] worstForNaN(double[] fitness) {
        double worst = Double.POSITIVE_INFINITY;
        for (double x : fitness) {
            if (!Double.isNaN(x)) {
                worst = Math.min(worst, x);
            }
        }
        double[] f = fitness.clone();
        for (int i = 0; i < f.length; i++) {
            if (Double.isNaN(f[i])) {
                f[i] = Double.isInfinite(worst) ? 0.0 : worst;
            }
        }
        return f;
    }
}
