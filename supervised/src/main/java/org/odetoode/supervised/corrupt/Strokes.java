package org.odetoode.supervised.corrupt;

/** The pen strokes of MNIST-C's dotted line and zigzag. */
final class Strokes {
    /** Beyond this vertical distance (pixels) from the line a stroke adds nothing. */
    private static final double REACH = 2.3;

    private Strokes() {
    }

    /**
     * MNIST-C's line from (c0, r0) to (c1, r1), columns c, rows r: intensity clip(1 + log(1 - d / 2.3), 0, 1) of the
     * vertical distance d of a pixel centre to the line, and zero in columns before floor(c0) and from ceil(c1) on.
     * A vertical segment (c0 == c1) draws nothing.
     */
    static double[] line(double c0, double r0, double c1, double r1) {
        double[] out = new double[Images.PIXELS];
        if (c1 == c0) {
            return out;
        }
        double slope = (r1 - r0) / (c1 - c0);
        int first = Math.max(0, (int) Math.floor(c0));
        int end = Math.min(Images.SIDE, (int) Math.ceil(c1));
        for (int c = first; c < end; c++) {
            double lineRow = slope * (c - c0) + r0;
            for (int r = 0; r < Images.SIDE; r++) {
                double d = Math.min(Math.abs(r - lineRow), REACH - 1e-10);
                out[r * Images.SIDE + c] = Images.clip01(Math.log(1 - d / REACH) + 1);
            }
        }
        return out;
    }
}
