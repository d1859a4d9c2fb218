package org.odetoode.supervised.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.ParameterBlock;

class ConvStemTest {

    /**
     * The stem written out directly: maps[c][y][x], a 3×3 convolution that skips taps outside the image, ReLU, then the
     * maximum of each whole 2×2 window.
     */
    private static double[][][] reference(double[] p, int off, double[] image, int side, int[] channels) {
        double[][][] maps = new double[1][side][side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                maps[0][y][x] = image[y * side + x];
            }
        }
        int o0 = off;
        for (int out : channels) {
            int in = maps.length;
            int s = maps[0].length;
            double[][][] conv = new double[out][s][s];
            int bias = o0 + out * in * 9;
            for (int o = 0; o < out; o++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        double z = p[bias + o];
                        for (int c = 0; c < in; c++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    int yy = y + dy;
                                    int xx = x + dx;
                                    if (yy >= 0 && yy < s && xx >= 0 && xx < s) {
                                        z += p[o0 + ((o * in + c) * 3 + dy + 1) * 3 + dx + 1] * maps[c][yy][xx];
                                    }
                                }
                            }
                        }
                        conv[o][y][x] = Math.max(0.0, z);
                    }
                }
            }
            double[][][] pooled = new double[out][s / 2][s / 2];
            for (int o = 0; o < out; o++) {
                for (int y = 0; y < s / 2; y++) {
                    for (int x = 0; x < s / 2; x++) {
                        pooled[o][y][x] = Math.max(Math.max(conv[o][2 * y][2 * x], conv[o][2 * y][2 * x + 1]),
                                Math.max(conv[o][2 * y + 1][2 * x], conv[o][2 * y + 1][2 * x + 1]));
                    }
                }
            }
            maps = pooled;
            o0 = bias + out;
        }
        return maps;
    }

    @ParameterizedTest
    @CsvSource({"8,3", "8,2;3", "7,2;3", "28,4;5", "5,1;1"})
    void forwardMatchesADirectConvolutionReluAndPooling(int side, String spec) {
        int[] channels = java.util.Arrays.stream(spec.split(";")).mapToInt(Integer::parseInt).toArray();
        ConvStem stem = new ConvStem(side, channels);
        Random rng = new Random(side);
        int off = 3;
        double[] p = new double[off + stem.parameterCount()];
        stem.initialize(rng, p, off);
        for (int i = off; i < p.length; i++) {
            p[i] += 0.1 * rng.nextGaussian(); // biases too, of either sign
        }
        double[] image = new double[side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = rng.nextDouble();
        }
        double[][][] want = reference(p, off, image, side, channels);
        assertEquals(want.length * want[0].length * want[0].length, stem.outputSize());
        double[] flat = new double[stem.outputSize()];
        int k = 0;
        for (double[][] map : want) {
            for (double[] row : map) {
                for (double v : row) {
                    flat[k++] = v;
                }
            }
        }
        double[] out = new double[stem.outputSize()];
        ConvStem.Trace t = stem.trace();
        stem.forward(p, off, image, t, out);
        assertArrayEquals(flat, out, 1e-12);
        // a second image through the same trace leaves nothing of the first behind
        stem.forward(p, off, image, stem.trace(), out);
        stem.forward(p, off, new double[side * side], t, out);
        stem.forward(p, off, image, t, out);
        assertArrayEquals(flat, out, 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"28,8;16", "7,2;3"})
    void blocksCoverTheParametersInOrder(int side, String spec) {
        int[] channels = java.util.Arrays.stream(spec.split(";")).mapToInt(Integer::parseInt).toArray();
        ConvStem stem = new ConvStem(side, channels);
        List<ParameterBlock> blocks = stem.parameterBlocks(10);
        int at = 10;
        for (ParameterBlock b : blocks) {
            assertEquals(at, b.offset(), b.name());
            at += b.length();
        }
        assertEquals(10 + stem.parameterCount(), at);
        assertEquals(List.of("conv1.W", "conv1.b", "conv2.W", "conv2.b"),
                blocks.stream().map(ParameterBlock::name).toList());
    }

    @org.junit.jupiter.api.Test
    void refusesLayersThatPoolTheImageAway() {
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> new ConvStem(4, new int[] {2, 2, 2}));
        assertEquals("conv-channels: 3 layers pool 4-pixel images below one pixel; use at most 2 layers",
                deep.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvStem(28, new int[] {0}));
    }
}
