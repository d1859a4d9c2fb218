package org.odetoode.supervised.corrupt;

/**
 * The image operations the MNIST-C corruptions are built from, on row-major {@value #SIDE}x{@value #SIDE} grey
 * images in double precision, with the border rules of the reference's scipy/skimage calls.
 */
final class Images {
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;
    /** The image centre, kept fixed by the affine corruptions (pixel centres are at integer coordinates). */
    static final double CENTRE = (SIDE - 1) / 2.0;

    /** How a filter reads outside the image (scipy.ndimage's modes). */
    enum Border {
        /** The edge pixel repeated ('nearest'). */
        NEAREST,
        /** Zero ('constant'). */
        ZERO,
        /** Mirrored about the edge, edge pixel included ('reflect': d c b a | a b c d). */
        REFLECT
    }

    private Images() {
    }

    static double[] toDouble(float[] image) {
        double[] out = new double[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = image[i];
        }
        return out;
    }

    /** Back to float, clipped to [0, 1]. */
    static float[] toClippedFloat(double[] image) {
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = (float) clip01(image[i]);
        }
        return out;
    }

    static double clip01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** scipy's Gaussian kernel: radius int(truncate * sigma + 0.5) with truncate 4, weights summing to 1. */
    static double[] gaussianKernel(double sigma) {
        int radius = (int) (4.0 * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /** Gaussian blur along the rows axis only (vertical), as skimage's gaussian(multichannel=True) does to a 2-D image. */
    static double[] gaussianVertical(double[] image, double sigma, Border border) {
        return correlate(image, gaussianKernel(sigma), 0, border);
    }

    /** Gaussian blur in both directions. */
    static double[] gaussian(double[] image, double sigma, Border border) {
        double[] kernel = gaussianKernel(sigma);
        return correlate(correlate(image, kernel, 0, border), kernel, 1, border);
    }

    /**
     * 1-D correlation along {@code axis} (0: down the rows, 1: along a row) with a centred kernel of odd length:
     * out[i] = sum_k w[k] in[i + k - r].
     */
    static double[] correlate(double[] image, double[] weights, int axis, Border border) {
        int r = weights.length / 2;
        double[] out = new double[PIXELS];
        for (int row = 0; row < SIDE; row++) {
            for (int col = 0; col < SIDE; col++) {
                double sum = 0;
                for (int k = 0; k < weights.length; k++) {
                    int along = (axis == 0 ? row : col) + k - r;
                    int index = borderIndex(along, border);
                    if (index < 0) {
                        continue;
                    }
                    sum += weights[k] * (axis == 0 ? image[index * SIDE + col] : image[row * SIDE + index]);
                }
                out[row * SIDE + col] = sum;
            }
        }
        return out;
    }

    /** The in-image index that {@code i} reads under {@code border}, or -1 for a zero. */
    private static int borderIndex(int i, Border border) {
        if (i >= 0 && i < SIDE) {
            return i;
        }
        return switch (border) {
            case ZERO -> -1;
            case NEAREST -> i < 0 ? 0 : SIDE - 1;
            case REFLECT -> {
                int period = 2 * SIDE;
                int m = Math.floorMod(i, period);
                yield m < SIDE ? m : period - 1 - m;
            }
        };
    }

    /** Pixel (row, col), zero outside the image. */
    static double pixelOrZero(double[] image, int row, int col) {
        return row < 0 || row >= SIDE || col < 0 || col >= SIDE ? 0 : image[row * SIDE + col];
    }

    /**
     * skimage's warp with an inverse map given as a 2x2 matrix about the centre, bilinear (order 1), zero outside:
     * output pixel (x = col, y = row) reads the input at A (p - c) + c.
     */
    static double[] warpAboutCentre(double[] image, double a11, double a12, double a21, double a22) {
        double[] out = new double[PIXELS];
        for (int row = 0; row < SIDE; row++) {
            for (int col = 0; col < SIDE; col++) {
                double x = col - CENTRE;
                double y = row - CENTRE;
                double inCol = a11 * x + a12 * y + CENTRE;
                double inRow = a21 * x + a22 * y + CENTRE;
                out[row * SIDE + col] = bilinear(image, inRow, inCol);
            }
        }
        return out;
    }

    /** skimage's AffineTransform(rotation=a) as the inverse map, about the centre. */
    static double[] rotate(double[] image, double radians) {
        return warpAboutCentre(image, Math.cos(radians), -Math.sin(radians), Math.sin(radians), Math.cos(radians));
    }

    /** skimage's (before 0.20) AffineTransform(shear=s) as the inverse map, about the centre. */
    static double[] shear(double[] image, double s) {
        return warpAboutCentre(image, 1, -Math.sin(s), 0, Math.cos(s));
    }

    /** skimage's AffineTransform(scale=s) as the inverse map, about the centre: s > 1 shrinks the picture. */
    static double[] scale(double[] image, double s) {
        return warpAboutCentre(image, s, 0, 0, s);
    }

    /** Bilinear read at (r, c), each of the four neighbours zero when outside the image (skimage's mode 'constant'). */
    static double bilinear(double[] image, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double dr = r - r0;
        double dc = c - c0;
        double top = (1 - dc) * pixelOrZero(image, r0, c0) + dc * pixelOrZero(image, r0, c0 + 1);
        double bottom = (1 - dc) * pixelOrZero(image, r0 + 1, c0) + dc * pixelOrZero(image, r0 + 1, c0 + 1);
        return (1 - dr) * top + dr * bottom;
    }

    /**
     * ImageMagick's MotionBlurImage: each pixel the mean of the 2 ceil(radius) + 1 pixels at offsets
     * round(i (cos a, sin a)), i = 0, 1, ... (x right, y down), weighted exp(-i^2 / 2 sigma^2), edge pixels repeated
     * outside.
     */
    static double[] motionBlur(double[] x, double radius, double sigma, double angleDegrees) {
        double angle = Math.toRadians(angleDegrees);
        int width = 2 * (int) Math.ceil(radius) + 1;
        double[] weight = new double[width];
        int[] dCol = new int[width];
        int[] dRow = new int[width];
        double total = 0;
        for (int i = 0; i < width; i++) {
            weight[i] = Math.exp(-(double) i * i / (2 * sigma * sigma));
            total += weight[i];
            dCol[i] = (int) Math.ceil(i * Math.cos(angle) - 0.5);
            dRow[i] = (int) Math.ceil(i * Math.sin(angle) - 0.5);
        }
        double[] out = new double[PIXELS];
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                double sum = 0;
                for (int i = 0; i < width; i++) {
                    int rr = Math.min(SIDE - 1, Math.max(0, r + dRow[i]));
                    int cc = Math.min(SIDE - 1, Math.max(0, c + dCol[i]));
                    sum += weight[i] * x[rr * SIDE + cc];
                }
                out[r * SIDE + c] = sum / total;
            }
        }
        return out;
    }
}
