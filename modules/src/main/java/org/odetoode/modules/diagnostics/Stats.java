package org.odetoode.modules.diagnostics;

import java.util.Arrays;

/** Small summaries shared by the diagnostics. */
public final class Stats {
    private Stats() {
    }

    /** The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (numpy's default). */
    public static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    /** Euclidean norm. */
    public static double norm(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Arithmetic mean. */
    public static double mean(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Geometric mean exp(mean(log v)); the right average for gains that multiply. */
    public static double geometricMean(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += Math.log(x);
        }
        return Math.exp(s / v.length);
    }

    /** Population standard deviation. */
    public static double std(double[] v) {
        double m = mean(v);
        double s = 0.0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    /** Cosine of the angle between a and b (NaN when either is zero). */
    public static double cosine(double[] a, double[] b) {
        double dot = 0.0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
