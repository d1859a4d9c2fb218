package org.odetoode.supervised.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deterministic parts of the corruptions against golden outputs of an independent implementation
 * (src/test/python/mnistc_reference.py: scipy.ndimage for filters, warps and Canny's steps, Debian's ImageMagick 6
 * for motion blur, numpy for MNIST-C's line formula and the fog's plasma fractal).
 */
class MnistcReferenceTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MnistcReferenceTest.class.getResourceAsStream("mnistc-reference.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    private static double[] image(String key) {
        JsonNode node = golden.get(key);
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    private static void assertImage(String key, double[] actual, double tolerance) {
        double[] expected = image(key);
        assertEquals(expected.length, actual.length, key);
        for (int i = 0; i < expected.length; i++) {
            int row = i / Images.SIDE;
            int col = i % Images.SIDE;
            assertEquals(expected[i], actual[i], tolerance, key + " at row " + row + ", col " + col);
        }
    }

    @Test
    void gaussianFiltersMatchScipy() {
        double[] pattern = image("pattern");
        assertImage("gaussian_nearest_sigma1_pattern", Images.gaussian(pattern, 1.0, Images.Border.NEAREST), 1e-9);
        assertImage("gaussian_vertical_sigma0.7_pattern",
                Images.gaussianVertical(pattern, 0.7, Images.Border.NEAREST), 1e-9);
    }

    @Test
    void affineWarpsMatchSkimageSemanticsViaScipy() {
        double[] pattern = image("pattern");
        assertImage("rotate_+0.4_pattern", Images.rotate(pattern, 0.4), 1e-9);
        assertImage("rotate_-0.4_pattern", Images.rotate(pattern, -0.4), 1e-9);
        assertImage("shear_+0.4_pattern", Images.shear(pattern, 0.4), 1e-9);
        assertImage("shear_-0.4_pattern", Images.shear(pattern, -0.4), 1e-9);
        assertImage("scale_1/0.7_pattern", Images.scale(pattern, 1 / 0.7), 1e-9);
    }

    @Test
    void cannyMatchesTheScipyPortOfSkimage() {
        assertImage("canny_square", CannyEdges.edges(image("square")), 0);
        assertImage("canny_pattern", CannyEdges.edges(image("pattern")), 0);
    }

    @Test
    void lineMatchesMnistcFormula() {
        assertImage("line_0_5_27_20", Strokes.line(0, 5, 27, 20), 1e-9);
        assertImage("line_2.3_10.7_6.1_8.2", Strokes.line(2.3, 10.7, 6.1, 8.2), 1e-9);
    }

    /** frac(k phi) for the k-th draw, the same sequence the Python reference feeds its plasma. */
    private static final class GoldenRatioDraws implements java.util.random.RandomGenerator {
        private long k;

        @Override
        public double nextDouble() {
            k++;
            return (k * 0.6180339887498949) % 1.0;
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void plasmaFractalMatchesTheDiamondSquareOfTheReferenceGivenTheSameDraws() {
        double[] map = PlasmaFractal.generate(1.4, new GoldenRatioDraws());
        double[] topLeft = new double[Images.PIXELS];
        for (int r = 0; r < Images.SIDE; r++) {
            for (int c = 0; c < Images.SIDE; c++) {
                topLeft[r * Images.SIDE + c] = map[r * PlasmaFractal.SIZE + c];
            }
        }
        assertImage("plasma_decay1.4_golden_ratio_draws_top_left_28", topLeft, 1e-9);
    }

    @Test
    void motionBlurMatchesImageMagick() {
        double[] pattern = image("pattern");
        // ImageMagick works in 16-bit quanta: 1e-4 is a few quanta
        assertImage("motion_blur_10x3+0_pattern", Images.motionBlur(pattern, 10, 3, 0), 1e-4);
        assertImage("motion_blur_10x3+30_pattern", Images.motionBlur(pattern, 10, 3, 30), 1e-4);
        assertImage("motion_blur_10x3-45_pattern", Images.motionBlur(pattern, 10, 3, -45), 1e-4);
        assertImage("motion_blur_20x15+17_square", Images.motionBlur(image("square"), 20, 15, 17), 1e-4);
    }
}
