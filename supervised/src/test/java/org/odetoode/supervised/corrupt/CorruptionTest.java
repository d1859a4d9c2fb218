package org.odetoode.supervised.corrupt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odetoode.supervised.data.ImageDataset;

/** One check per corruption on small known images, and the invariants all share. */
class CorruptionTest {
    private static final int N = Images.SIDE;

    /** A 10x10 white square, rows 8..17, columns 10..19, on black. */
    static float[] square() {
        float[] x = new float[Images.PIXELS];
        for (int r = 8; r < 18; r++) {
            for (int c = 10; c < 20; c++) {
                x[r * N + c] = 1;
            }
        }
        return x;
    }

    /** A grey ramp, 0 at the left to 1 at the right. */
    static float[] ramp() {
        float[] x = new float[Images.PIXELS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % N) / (float) (N - 1);
        }
        return x;
    }

    private static float[] apply(Corruption c, float[] x, int severity, long seed) {
        return c.apply(x, severity, new SplittableRandom(seed));
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void severityZeroIsTheIdentity(Corruption c) {
        assertArrayEquals(square(), apply(c, square(), 0, 1));
        assertArrayEquals(ramp(), apply(c, ramp(), 0, 1));
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void everySeverityKeepsPixelsInRangeAndChangesTheImage(Corruption c) {
        for (int severity = 1; severity <= c.maxSeverity(); severity++) {
            for (long seed = 0; seed < 5; seed++) {
                for (float[] x : new float[][] {square(), ramp()}) {
                    float[] y = apply(c, x, severity, seed);
                    for (float v : y) {
                        assertTrue(v >= 0 && v <= 1, c + " severity " + severity + " gave pixel " + v);
                    }
                }
            }
            assertTrue(meanAbsDiff(square(), apply(c, square(), severity, 3)) > 0.001,
                    c + " severity " + severity + " left the square unchanged");
        }
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void sameSeedSameImage(Corruption c) {
        assertArrayEquals(apply(c, ramp(), c.mnistcSeverity(), 42), apply(c, ramp(), c.mnistcSeverity(), 42));
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void severityOutOfRangeIsRejectedNamingTheValue(Corruption c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> apply(c, square(), c.maxSeverity() + 1, 0));
        assertTrue(e.getMessage().contains("severity " + (c.maxSeverity() + 1)) && e.getMessage().contains(c.id()),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> apply(c, square(), -1, 0));
    }

    @Test
    void shotNoiseKeepsTheMeanAndGrowsWithSeverity() {
        float[] grey = new float[Images.PIXELS];
        java.util.Arrays.fill(grey, 0.3f);
        double errorMild = 0;
        double errorSevere = 0;
        double meanSevere = 0;
        for (long seed = 0; seed < 50; seed++) {
            errorMild += meanAbsDiff(grey, apply(Corruption.SHOT_NOISE, grey, 1, seed));
            float[] severe = apply(Corruption.SHOT_NOISE, grey, 5, seed);
            errorSevere += meanAbsDiff(grey, severe);
            meanSevere += mean(severe) / 50;
        }
        assertTrue(errorSevere > 2 * errorMild, errorMild + " vs " + errorSevere);
        // Poisson(0.9)/3, clipped at 1: mean 0.3 minus the clipped tail, 0.2976
        assertEquals(0.2976, meanSevere, 0.01);
        // black stays black: Poisson(0) is 0
        assertArrayEquals(new float[Images.PIXELS], apply(Corruption.SHOT_NOISE, new float[Images.PIXELS], 5, 1));
    }

    @Test
    void impulseNoiseFlipsTheGivenFractionToBlackOrWhite() {
        float[] grey = new float[Images.PIXELS];
        java.util.Arrays.fill(grey, 0.5f);
        int salt = 0;
        int pepper = 0;
        int images = 200;
        for (long seed = 0; seed < images; seed++) {
            for (float v : apply(Corruption.IMPULSE_NOISE, grey, 4, seed)) {
                salt += v == 1 ? 1 : 0;
                pepper += v == 0 ? 1 : 0;
                assertTrue(v == 0 || v == 1 || v == 0.5f);
            }
        }
        double total = images * Images.PIXELS;
        assertEquals(0.17 / 2, salt / total, 0.004);
        assertEquals(0.17 / 2, pepper / total, 0.004);
    }

    @Test
    void glassBlurBlursVerticallyAndKeepsTheMass() {
        float[] y = apply(Corruption.GLASS_BLUR, square(), 1, 7);
        // the shuffle only moves pixels and the blurs keep mass away from the border; 8-bit truncation loses < 1/255
        assertEquals(mean(square()), mean(y), 0.01);
        // the blurs are vertical, so light moves sideways only through the swaps; at severity 1 a swap's partner is
        // at most one column left, and the scan (right to left, bottom to top) can carry a pixel left again and again
        // but right only once a pass: two passes, so columns right of 21 stay black in every row
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                if (c >= 22) {
                    assertEquals(0, y[r * N + c], "row " + r + ", col " + c);
                }
            }
        }
        // the square's top edge becomes soft: a pixel just above it gets some light
        double above = 0;
        for (int c = 11; c < 19; c++) {
            above += y[7 * N + c];
        }
        assertTrue(above > 0.5, "row above the square got " + above);
    }

    @Test
    void motionBlurSmearsAlongOneDirectionOnly() {
        // horizontal (angle 0): each pixel averages itself and those to its right, so light moves left
        double[] dot = new double[Images.PIXELS];
        dot[14 * N + 20] = 1;
        double[] y = Images.motionBlur(dot, 10, 3, 0);
        for (int i = 0; i < y.length; i++) {
            int r = i / N;
            int c = i % N;
            if (r != 14 || c > 20) {
                assertEquals(0, y[i], 0, "light at row " + r + ", col " + c);
            }
        }
        assertTrue(y[14 * N + 20] > y[14 * N + 18] && y[14 * N + 18] > y[14 * N + 14] && y[14 * N + 14] > 0);
    }

    @Test
    void shearKeepsTheCentreRowAndSlantsTheOthers() {
        float[] y = apply(Corruption.SHEAR, square(), 2, 0);
        // with the inverse map (x - sin(s) y, cos(s) y) the columns of the centre row stay where they are
        // (up to the vertical cos(s) squeeze), while rows above and below move in opposite directions
        assertTrue(meanAbsDiff(square(), y) > 0.02);
        double topCentroid = rowCentroid(y, 9);
        double bottomCentroid = rowCentroid(y, 16);
        assertTrue(Math.abs(topCentroid - bottomCentroid) > 2, topCentroid + " vs " + bottomCentroid);
        assertEquals(14.5, (topCentroid + bottomCentroid) / 2, 0.6);
    }

    private static double rowCentroid(float[] x, int row) {
        double mass = 0;
        double moment = 0;
        for (int c = 0; c < N; c++) {
            mass += x[row * N + c];
            moment += c * x[row * N + c];
        }
        return moment / mass;
    }

    @Test
    void scaleShrinksTheSquareAboutTheCentre() {
        float[] y = apply(Corruption.SCALE, square(), 3, 0);
        // area scales by 0.7^2 (bilinear keeps it up to the edges)
        assertEquals(mean(square()) * 0.49, mean(y), 0.1 * mean(square()) * 0.49);
        assertEquals(0, y[8 * N + 10]);
        assertEquals(1, y[13 * N + 14], 1e-6);
    }

    @Test
    void rotateByThePublishedAngleMovesAPixelWhereExpected() {
        // a 2x2 blob centred on (row 8.5, col 18.5); rotating by +-0.4 rad about (13.5, 13.5) moves its centre to
        // c + R(-+0.4)(p - c), since the warp's map goes from output to input
        float[] blob = new float[Images.PIXELS];
        for (int r = 8; r < 10; r++) {
            for (int c = 18; c < 20; c++) {
                blob[r * N + c] = 1;
            }
        }
        for (long seed = 0; seed < 4; seed++) {
            float[] y = apply(Corruption.ROTATE, blob, 2, seed);
            double mass = 0;
            double rowMoment = 0;
            double colMoment = 0;
            for (int i = 0; i < y.length; i++) {
                mass += y[i];
                rowMoment += (i / N) * y[i];
                colMoment += (i % N) * y[i];
            }
            double row = rowMoment / mass;
            double col = colMoment / mass;
            boolean matched = false;
            for (double a : new double[] {0.4, -0.4}) {
                double x = 18.5 - 13.5;
                double yy = 8.5 - 13.5;
                double expectedCol = Math.cos(a) * x + Math.sin(a) * yy + 13.5;
                double expectedRow = -Math.sin(a) * x + Math.cos(a) * yy + 13.5;
                matched |= Math.abs(row - expectedRow) < 0.3 && Math.abs(col - expectedCol) < 0.3;
            }
            assertTrue(matched, "blob centre moved to row " + row + ", col " + col);
        }
    }

    @Test
    void brightnessRaisesEveryPixelByTheSeverityTimesATenth() {
        float[] x = ramp();
        float[] y = apply(Corruption.BRIGHTNESS, x, 5, 0);
        assertTrue(mean(y) > mean(x));
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.min(x[i] + 0.5, 1), y[i], 1e-6);
        }
    }

    @Test
    void translateMovesTheSquareByThreePixelsEachWay() {
        float[] y = apply(Corruption.TRANSLATE, square(), 3, 0);
        assertEquals(mean(square()), mean(y), 1e-6);
        // find the square's new top-left corner
        int first = 0;
        while (y[first] == 0) {
            first++;
        }
        int dRow = first / N - 8;
        int dCol = first % N - 10;
        assertEquals(3, Math.abs(dRow));
        assertEquals(3, Math.abs(dCol));
    }

    @Test
    void stripeInvertsTheOuterSevenColumns() {
        float[] x = ramp();
        float[] y = apply(Corruption.STRIPE, x, 1, 0);
        for (int i = 0; i < x.length; i++) {
            int c = i % N;
            assertEquals(c < 7 || c >= 21 ? 1 - x[i] : x[i], y[i], 1e-6);
        }
    }

    @Test
    void fogBrightensTheBackgroundAndLeavesBlackBlack() {
        float[] y = apply(Corruption.FOG, square(), 5, 0);
        double background = 0;
        for (int c = 0; c < N; c++) {
            background += y[c];
        }
        assertTrue(background / N > 0.05, "fog left the top row at " + background / N);
        // x * max / (max + c) keeps the image at most max
        for (float v : y) {
            assertTrue(v <= 1);
        }
        assertArrayEquals(new float[Images.PIXELS], apply(Corruption.FOG, new float[Images.PIXELS], 5, 0));
    }

    @Test
    void spatterPaintsMudGreyOverTheImage() {
        float[] white = new float[Images.PIXELS];
        java.util.Arrays.fill(white, 1);
        int darkened = 0;
        for (long seed = 0; seed < 20; seed++) {
            for (float v : apply(Corruption.SPATTER, white, 4, seed)) {
                // mud of strength m in [0.8, 1]: 1 - m + 63/255 m
                assertTrue(v == 1 || (v >= 63 / 255f - 1e-6 && v <= 1 - 0.8 + 63 / 255.0 * 0.8 + 1e-6), "pixel " + v);
                darkened += v < 1 ? 1 : 0;
            }
        }
        assertTrue(darkened > 0);
    }

    @Test
    void dottedLineAddsDashesInAlternateColumnPairs() {
        float[] x = new float[Images.PIXELS];
        for (long seed = 0; seed < 10; seed++) {
            float[] y = apply(Corruption.DOTTED_LINE, x, 1, seed);
            double added = 0;
            for (int i = 0; i < y.length; i++) {
                int c = i % N;
                if ((c / 2) % 2 == 0) {
                    assertEquals(0, y[i], "gap column " + c);
                }
                added += y[i];
            }
            assertTrue(added > 10, "only " + added + " added");
        }
    }

    @Test
    void zigzagOnlyAddsLightBetweenItsEndColumns() {
        float[] x = ramp();
        for (long seed = 0; seed < 10; seed++) {
            float[] y = apply(Corruption.ZIGZAG, x, 1, seed);
            double added = 0;
            for (int i = 0; i < y.length; i++) {
                assertTrue(y[i] >= x[i]);
                added += y[i] - x[i];
                int c = i % N;
                if (c < 1 || c > 25) {
                    assertEquals(x[i], y[i], "column " + c);
                }
            }
            assertTrue(added > 5, "only " + added + " added");
        }
    }

    @Test
    void cannyTracesTheSquaresBorderAsABinaryMap() {
        float[] y = apply(Corruption.CANNY_EDGES, square(), 1, 0);
        int edges = 0;
        for (int i = 0; i < y.length; i++) {
            assertTrue(y[i] == 0 || y[i] == 1);
            int r = i / N;
            int c = i % N;
            boolean onBorder = (r == 8 || r == 17) && c >= 10 && c <= 19 || (c == 10 || c == 19) && r >= 8 && r <= 17;
            assertEquals(onBorder ? 1 : 0, y[i], "row " + r + ", col " + c);
            edges += (int) y[i];
        }
        assertEquals(36, edges);
    }

    @Test
    void datasetsAreCorruptedPerImageSeedIndependentOfOrderAndKeepLabels() {
        float[][] images = {square(), ramp(), square()};
        ImageDataset data = new ImageDataset(N, N, images, new int[] {3, 1, 4});
        ImageDataset a = Corruptions.apply("shot_noise", data, 9);
        ImageDataset b = Corruptions.apply("shot-noise", data, 9);
        assertArrayEquals(new int[] {3, 1, 4}, a.labels());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.images()[i], b.images()[i]);
        }
        // the same picture at another index gets other noise
        assertFalse(java.util.Arrays.equals(a.images()[0], a.images()[2]));
        // image 1 alone, at its index, gets the same noise as in the batch
        float[] alone = Corruption.SHOT_NOISE.apply(ramp(), 5, Corruptions.imageRandom(9, Corruption.SHOT_NOISE, 1));
        assertArrayEquals(a.images()[1], alone);
        assertFalse(java.util.Arrays.equals(a.images()[1], Corruptions.apply("shot_noise", data, 10).images()[1]));
    }

    @Test
    void unknownCorruptionNamesTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Corruptions.byName("fogg"));
        assertTrue(e.getMessage().startsWith("unknown corruption 'fogg'") && e.getMessage().contains("canny_edges"));
        assertEquals(15, Corruptions.all().size());
    }
}
