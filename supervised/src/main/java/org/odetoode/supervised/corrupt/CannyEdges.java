package org.odetoode.supervised.corrupt;

import java.util.ArrayDeque;

/**
 * skimage's {@code feature.canny} with its defaults (sigma 1, hysteresis thresholds 0.1 and 0.2 of a float image):
 * Gaussian smoothing normalised by the smoothed mask (zero outside), Sobel gradients (scipy, mirrored border),
 * non-maximum suppression interpolating the magnitude between the two neighbours in the gradient direction, the
 * outermost pixels excluded, then hysteresis: low-threshold maxima 8-connected to a high-threshold one.
 */
final class CannyEdges {
    private static final double SIGMA = 1;
    private static final double LOW = 0.1;
    private static final double HIGH = 0.2;
    private static final int N = Images.SIDE;

    private CannyEdges() {
    }

    /** The binary edge map (1 on an edge, 0 elsewhere). */
    static double[] edges(double[] image) {
        double[] smoothed = Images.gaussian(image, SIGMA, Images.Border.ZERO);
        double[] ones = new double[Images.PIXELS];
        java.util.Arrays.fill(ones, 1);
        double[] bleed = Images.gaussian(ones, SIGMA, Images.Border.ZERO);
        for (int i = 0; i < smoothed.length; i++) {
            smoothed[i] /= bleed[i] + Math.ulp(1.0);
        }
        // d/d(row) and d/d(col), each smoothed [1, 2, 1] across
        double[] diff = {-1, 0, 1};
        double[] smooth = {1, 2, 1};
        double[] gRow = Images.correlate(Images.correlate(smoothed, diff, 0, Images.Border.REFLECT), smooth, 1,
                Images.Border.REFLECT);
        double[] gCol = Images.correlate(Images.correlate(smoothed, diff, 1, Images.Border.REFLECT), smooth, 0,
                Images.Border.REFLECT);
        double[] magnitude = new double[Images.PIXELS];
        for (int i = 0; i < magnitude.length; i++) {
            magnitude[i] = Math.hypot(gRow[i], gCol[i]);
        }
        boolean[] low = new boolean[Images.PIXELS];
        boolean[] high = new boolean[Images.PIXELS];
        for (int r = 1; r < N - 1; r++) {
            for (int c = 1; c < N - 1; c++) {
                int i = r * N + c;
                if (isLocalMaximum(magnitude, gRow[i], gCol[i], r, c)) {
                    low[i] = magnitude[i] >= LOW;
                    high[i] = magnitude[i] >= HIGH;
                }
            }
        }
        return hysteresis(low, high);
    }

    /**
     * Whether the magnitude at (r, c) is at least the interpolated magnitude on both sides along the gradient. The
     * four sectors are tested in skimage's order, a later one deciding a pixel that lies on a sector boundary.
     */
    private static boolean isLocalMaximum(double[] m, double gi, double gj, int r, int c) {
        double ai = Math.abs(gi);
        double aj = Math.abs(gj);
        boolean sameSign = (gi >= 0 && gj >= 0) || (gi <= 0 && gj <= 0);
        boolean oppositeSign = (gi <= 0 && gj >= 0) || (gi >= 0 && gj <= 0);
        Boolean result = null;
        if (sameSign && ai >= aj) {
            double w = aj / ai;
            result = interp(m, w, r + 1, c, r + 1, c + 1) <= m[r * N + c]
                    && interp(m, w, r - 1, c, r - 1, c - 1) <= m[r * N + c];
        }
        if (sameSign && ai <= aj) {
            double w = ai / aj;
            result = interp(m, w, r, c + 1, r + 1, c + 1) <= m[r * N + c]
                    && interp(m, w, r, c - 1, r - 1, c - 1) <= m[r * N + c];
        }
        if (oppositeSign && ai <= aj) {
            double w = ai / aj;
            result = interp(m, w, r, c + 1, r - 1, c + 1) <= m[r * N + c]
                    && interp(m, w, r, c - 1, r + 1, c - 1) <= m[r * N + c];
        }
        if (oppositeSign && ai >= aj) {
            double w = aj / ai;
            result = interp(m, w, r - 1, c, r - 1, c + 1) <= m[r * N + c]
                    && interp(m, w, r + 1, c, r + 1, c - 1) <= m[r * N + c];
        }
        // a zero gradient gives w = NaN and so no maximum, as in the reference
        return result != null && result;
    }

    /** w * m(second) + (1 - w) * m(first). */
    private static double interp(double[] m, double w, int r1, int c1, int r2, int c2) {
        return m[r2 * N + c2] * w + m[r1 * N + c1] * (1 - w);
    }

    private static double[] hysteresis(boolean[] low, boolean[] high) {
        double[] out = new double[Images.PIXELS];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < high.length; i++) {
            if (high[i]) {
                out[i] = 1;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int i = queue.poll();
            int r = i / N;
            int c = i % N;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr;
                    int cc = c + dc;
                    if (rr >= 0 && rr < N && cc >= 0 && cc < N && low[rr * N + cc] && out[rr * N + cc] == 0) {
                        out[rr * N + cc] = 1;
                        queue.add(rr * N + cc);
                    }
                }
            }
        }
        return out;
    }
}
