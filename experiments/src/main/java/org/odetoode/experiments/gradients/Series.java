package org.odetoode.experiments.gradients;

/** Array helpers shared by the studies. */
final class Series {
    private Series() {
    }

    /** t_k = k·h for k = 0..n−1. */
    static double[] times(int n, double h) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k * h;
        }
        return t;
    }

    /** The entries as doubles. */
    static double[] of(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Column {@code c} of a matrix. */
    static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][c];
        }
        return out;
    }

    /** Max over min of positive values. */
    static double spread(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0.0;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi / lo;
    }

    /** A number for a JSON key: 2.5 → "2.5", 10.0 → "10". */
    static String key(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
