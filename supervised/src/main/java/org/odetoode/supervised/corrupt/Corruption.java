package org.odetoode.supervised.corrupt;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The 15 corruptions of MNIST-C (Mu and Gilmer, 2019), following the definitions of the reference implementation
 * (google-research/mnist-c, corruptions.py) on 28x28 images with pixels in [0, 1].
 *
 * <p>Severity: the reference defines five levels for the graded corruptions (1 to 5, the parameters below) and
 * builds MNIST-C from one fixed level per corruption, {@link #mnistcSeverity()}; the line-type ones (stripe, dotted
 * line, zigzag, canny edges) have no parameter, so they have the single level 1. Severity 0 is the identity for
 * every corruption. Randomness comes from the generator passed in, so a seeded generator makes a corruption
 * deterministic.
 */
public enum Corruption {
    /** Poisson photon counts: Poisson(x c) / c with c = 60, 25, 12, 5, 3 (fewer photons, more noise). */
    SHOT_NOISE(5, 5) {
        private final double[] photons = {60, 25, 12, 5, 3};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double c = photons[severity - 1];
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = poisson(x[i] * c, rng) / c;
            }
            return out;
        }
    },
    /** Salt and pepper: a fraction 0.03, 0.06, 0.09, 0.17, 0.27 of the pixels set to 0 or 1, half each. */
    IMPULSE_NOISE(5, 4) {
        private final double[] amount = {0.03, 0.06, 0.09, 0.17, 0.27};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double[] out = x.clone();
            for (int i = 0; i < x.length; i++) {
                boolean flipped = rng.nextDouble() < amount[severity - 1];
                boolean salt = rng.nextDouble() < 0.5;
                if (flipped) {
                    out[i] = salt ? 1 : 0;
                }
            }
            return out;
        }
    },
    /**
     * Blur, shuffle pixels locally, blur again: (sigma, max shift, passes) = (0.7, 1, 2), (0.9, 2, 1), (1, 2, 3),
     * (1.1, 3, 2), (1.5, 4, 2). As in the reference (skimage's gaussian with multichannel=True on a 2-D image) the
     * blurs run down the columns only, and the first is stored as 8 bits (truncated) before the shuffle.
     */
    GLASS_BLUR(5, 1) {
        private final double[][] params = {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double sigma = params[severity - 1][0];
            int delta = (int) params[severity - 1][1];
            int passes = (int) params[severity - 1][2];
            double[] y = Images.gaussianVertical(x, sigma, Images.Border.NEAREST);
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.floor(Images.clip01(y[i]) * 255) / 255;
            }
            int n = Images.SIDE;
            for (int pass = 0; pass < passes; pass++) {
                for (int h = n - delta; h > delta; h--) {
                    for (int w = n - delta; w > delta; w--) {
                        if (rng.nextBoolean()) {
                            int dx = rng.nextInt(-delta, delta);
                            int dy = rng.nextInt(-delta, delta);
                            int a = h * n + w;
                            int b = (h + dy) * n + (w + dx);
                            double t = y[a];
                            y[a] = y[b];
                            y[b] = t;
                        }
                    }
                }
            }
            return Images.gaussianVertical(y, sigma, Images.Border.NEAREST);
        }
    },
    /**
     * ImageMagick's motion blur at an angle uniform in [-45, 45] degrees, (radius, sigma) = (10, 3), (15, 5), (15, 8),
     * (15, 12), (20, 15): each pixel a one-sided Gaussian-weighted mean of the 2 ceil(radius) + 1 pixels along that
     * direction (weights exp(-i^2 / 2 sigma^2), i = 0, 1, ...), edge pixels repeated outside.
     */
    MOTION_BLUR(5, 1) {
        private final double[][] params = {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double angle = rng.nextDouble(-45, 45);
            return Images.motionBlur(x, params[severity - 1][0], params[severity - 1][1], angle);
        }
    },
    /**
     * skimage's affine shear about the centre by 0.2, 0.4, 0.6, 0.8, 1.0 (sign random): the output pixel (x, y) reads
     * the input at (x - sin(s) y, cos(s) y) about the centre, bilinear, zero outside.
     */
    SHEAR(5, 2) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double s = 0.2 * severity * randomSign(rng);
            return Images.shear(x, s);
        }
    },
    /** Zoom out about the centre: the output reads the input at scale 1/0.9, 1/0.8, 1/0.7, 1/0.6, 1/0.5, bilinear. */
    SCALE(5, 3) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double s = 1 / (1 - 0.1 * severity);
            return Images.scale(x, s);
        }
    },
    /**
     * Rotation about the centre by 0.2, 0.4, 0.6, 0.8, 1.0 radians (sign random): the output pixel (x, y) reads the
     * input at R(a) (x, y) about the centre (x right, y down), bilinear, zero outside.
     */
    ROTATE(5, 2) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double a = 0.2 * severity * randomSign(rng);
            return Images.rotate(x, a);
        }
    },
    /** HSV value raised by 0.1 to 0.5; on a grey image this is min(x + c, 1). */
    BRIGHTNESS(5, 5) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double c = 0.1 * severity;
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = Math.min(x[i] + c, 1);
            }
            return out;
        }
    },
    /** A shift by 1 to 5 pixels in both directions, each sign random, zero filled. */
    TRANSLATE(5, 3) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            int dx = severity * randomSign(rng);
            int dy = severity * randomSign(rng);
            double[] out = new double[x.length];
            for (int r = 0; r < Images.SIDE; r++) {
                for (int c = 0; c < Images.SIDE; c++) {
                    out[r * Images.SIDE + c] = Images.pixelOrZero(x, r + dy, c + dx);
                }
            }
            return out;
        }
    },
    /** The left 7 and right 7 columns inverted (1 - x). */
    STRIPE(1, 1) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double[] out = x.clone();
            for (int r = 0; r < Images.SIDE; r++) {
                for (int c = 0; c < Images.SIDE; c++) {
                    if (c < 7 || c >= 21) {
                        out[r * Images.SIDE + c] = 1 - x[r * Images.SIDE + c];
                    }
                }
            }
            return out;
        }
    },
    /**
     * A plasma fractal added with weight c and the result rescaled by max / (max + c), (c, decay) = (1.5, 2), (2, 2),
     * (2.5, 1.7), (2.5, 1.5), (3, 1.4); an all-black image stays black.
     */
    FOG(5, 5) {
        private final double[][] params = {{1.5, 2}, {2, 2}, {2.5, 1.7}, {2.5, 1.5}, {3, 1.4}};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double c = params[severity - 1][0];
            double[] plasma = PlasmaFractal.generate(params[severity - 1][1], rng);
            double max = 0;
            for (double v : x) {
                max = Math.max(max, v);
            }
            double[] out = new double[x.length];
            for (int r = 0; r < Images.SIDE; r++) {
                for (int col = 0; col < Images.SIDE; col++) {
                    int i = r * Images.SIDE + col;
                    out[i] = (x[i] + c * plasma[r * PlasmaFractal.SIZE + col]) * max / (max + c);
                }
            }
            return out;
        }
    },
    /**
     * Mud: Gaussian noise (mean, sd) blurred (sigma), thresholded, its mask blurred (sigma2) and cut at 0.8, painted
     * over the image in grey 63/255; (mean, sd, sigma, threshold, sigma2) = (0.65, 0.3, 4, 0.69, 0.6),
     * (0.65, 0.3, 3, 0.68, 0.6), (0.65, 0.3, 2, 0.68, 0.5), (0.65, 0.3, 1, 0.65, 1.5), (0.67, 0.4, 1, 0.65, 1.5).
     */
    SPATTER(5, 4) {
        private final double[][] params = {{0.65, 0.3, 4, 0.69, 0.6}, {0.65, 0.3, 3, 0.68, 0.6},
            {0.65, 0.3, 2, 0.68, 0.5}, {0.65, 0.3, 1, 0.65, 1.5}, {0.67, 0.4, 1, 0.65, 1.5}};

        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double[] p = params[severity - 1];
            double[] liquid = new double[x.length];
            for (int i = 0; i < liquid.length; i++) {
                liquid[i] = p[0] + p[1] * rng.nextGaussian();
            }
            liquid = Images.gaussian(liquid, p[2], Images.Border.NEAREST);
            double[] mask = new double[x.length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = liquid[i] > p[3] ? 1 : 0;
            }
            mask = Images.gaussian(mask, p[4], Images.Border.NEAREST);
            double[] out = new double[x.length];
            for (int i = 0; i < out.length; i++) {
                double m = mask[i] < 0.8 ? 0 : mask[i];
                out[i] = x[i] * (1 - m) + 63 / 255.0 * m;
            }
            return out;
        }
    },
    /** A line across the image from (0, r0) to (27, r1), rows random in [0, 26], drawn in dashes two columns long. */
    DOTTED_LINE(1, 1) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            int r0 = rng.nextInt(0, 27);
            int r1 = rng.nextInt(0, 27);
            double[] line = Strokes.line(0, r0, 27, r1);
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                boolean gap = (i % Images.SIDE / 2) % 2 == 0;
                out[i] = x[i] + (gap ? 0 : line[i]);
            }
            return out;
        }
    },
    /**
     * A zigzag of segments 2 pixels long and 2 high about a line from (2, r0) to (25, r0 + k), r0 random in [0, 26],
     * k in [-5, 4], built and drawn segment by segment as in the reference.
     */
    ZIGZAG(1, 1) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            double a = 2;
            double b = 2;
            double c0 = 2;
            double c1 = 25;
            int r0 = rng.nextInt(0, 27);
            int r1 = r0 + rng.nextInt(-5, 5);
            double theta = Math.atan((r1 - r0) / (c1 - c0));
            double d = (c1 - c0) / Math.cos(theta);
            java.util.List<double[]> points = new java.util.ArrayList<>();
            points.add(new double[] {0, 0});
            double lastRow = 0;
            int teeth = (int) Math.floor((d - a) / (2 * a)) + 1;
            for (int i = 0; i < teeth; i++) {
                lastRow = (i % 2 == 0 ? 1 : -1) * b;
                points.add(new double[] {(2 * i + 1) * a, lastRow});
            }
            double maxC = 2 * a * Math.floor(d / (2 * a));
            if (d != maxC) {
                points.add(new double[] {d, lastRow / (2 * (d - maxC))});
            }
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double[] out = x.clone();
            double[] previous = null;
            for (double[] p : points) {
                double[] rotated = {cos * p[0] - sin * p[1] + c0, sin * p[0] + cos * p[1] + r0};
                if (previous != null) {
                    double[] stroke = Strokes.line(previous[0], previous[1], rotated[0], rotated[1]);
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Images.clip01(out[i] + stroke[i]);
                    }
                }
                previous = rotated;
            }
            return out;
        }
    },
    /** skimage's Canny edge map (sigma 1, thresholds 0.1 and 0.2): 1 on an edge, 0 elsewhere. */
    CANNY_EDGES(1, 1) {
        @Override
        double[] corrupt(double[] x, int severity, RandomGenerator rng) {
            return CannyEdges.edges(x);
        }
    };

    private final int maxSeverity;
    private final int mnistcSeverity;

    Corruption(int maxSeverity, int mnistcSeverity) {
        this.maxSeverity = maxSeverity;
        this.mnistcSeverity = mnistcSeverity;
    }

    /** The reference's name, e.g. {@code shot_noise}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The highest severity (5, or 1 for the corruptions without a parameter). */
    public int maxSeverity() {
        return maxSeverity;
    }

    /** The severity MNIST-C was built with. */
    public int mnistcSeverity() {
        return mnistcSeverity;
    }

    /**
     * Corrupts one 28x28 image (row-major, pixels in [0, 1]) at {@code severity} (0 = unchanged), drawing randomness
     * from {@code rng}; the result has pixels in [0, 1].
     */
    public float[] apply(float[] image, int severity, RandomGenerator rng) {
        if (image.length != Images.PIXELS) {
            throw new IllegalArgumentException(id() + ": MNIST-C corruptions take 28x28 images, not "
                    + image.length + " pixels");
        }
        checkSeverity(severity);
        if (severity == 0) {
            return image.clone();
        }
        return Images.toClippedFloat(corrupt(Images.toDouble(image), severity, rng));
    }

    /** Throws an {@link IllegalArgumentException} naming the value when {@code severity} is not in 0..max. */
    public void checkSeverity(int severity) {
        if (severity < 0 || severity > maxSeverity) {
            throw new IllegalArgumentException("severity " + severity + " is out of range for " + id() + " (0 to "
                    + maxSeverity + "; MNIST-C uses " + mnistcSeverity + ")");
        }
    }

    /** The corrupted image before clipping to [0, 1], severity in 1..max. */
    abstract double[] corrupt(double[] x, int severity, RandomGenerator rng);

    /** -1 or +1 with equal odds. */
    static int randomSign(RandomGenerator rng) {
        return rng.nextBoolean() ? 1 : -1;
    }

    /** A Poisson draw (Knuth's product of uniforms; the means here are at most 60, so exp(-mean) is far from 0). */
    static int poisson(double mean, RandomGenerator rng) {
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            k++;
        }
        return k;
    }
}
