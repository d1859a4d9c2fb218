package org.odetoode.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each lane of {@link LaneKernels} against {@link Float32Kernels} on that lane's own matrix and vector, bit for bit,
 * and the vector form against the scalar one, in a full group's layout and a half group's paired rows. With random operands a single reordered or unfused operation changes
 * the rounding of some of the several hundred sums compared here.
 */
class LaneKernelsTest {
    private static final int L = LaneKernels.LANES;

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"16, 16", "5, 16", "16, 4", "5, 3", "3, 6", "2, 17", "1, 1", "17, 9"})
    void matVecLaneIsTheFloat32MatVecOfItsCandidate(int rows, int cols) {
        Random rng = new Random(rows * 31 + cols);
        float[][] w = new float[L][rows * cols];
        float[][] y = new float[L][cols];
        float[][] b = new float[L][rows];
        for (int l = 0; l < L; l++) {
            fill(rng, w[l]);
            fill(rng, y[l]);
            fill(rng, b[l]);
        }
        for (boolean paired : new boolean[] {false, true}) {
            // A half group's lanes are the first HALF candidates.
            int lanes = paired ? LaneKernels.HALF : L;
            int off = 3 * L;
            float[] lanesW = matrix(w, rows, cols, off, paired);
            float[] lanesY = vector(y, L + 5, paired);
            float[] lanesB = vector(b, 2 * L, paired);
            for (boolean withBias : new boolean[] {true, false}) {
                // Every operand at its own offset, as a lane group places them (LaneKernels.ALIGNED_START).
                float[] vector = new float[7 + LaneKernels.pairedRows(rows) * L];
                float[] scalar = new float[vector.length];
                float[] bias = withBias ? lanesB : null;
                if (paired) {
                    // The full group's kernel on a paired-rows W: half the rows, y spread into both halves.
                    float[] wide = new float[4 + LaneKernels.pairedRows(cols) * L];
                    LaneKernels.spread(lanesY, L + 5, cols, wide, 4);
                    LaneKernels.matVec(lanesW, off, (rows + 1) / 2, cols, wide, 4, bias, 2 * L, vector, 7);
                    float[] scalarWide = new float[wide.length];
                    LaneKernels.scalarSpread(lanesY, L + 5, cols, scalarWide, 4);
                    LaneKernels.scalarMatVec(lanesW, off, (rows + 1) / 2, cols, scalarWide, 4, bias, 2 * L, scalar, 7);
                } else {
                    LaneKernels.matVec(lanesW, off, rows, cols, lanesY, L + 5, bias, 2 * L, vector, 7);
                    LaneKernels.scalarMatVec(lanesW, off, rows, cols, lanesY, L + 5, bias, 2 * L, scalar, 7);
                }
                for (int l = 0; l < lanes; l++) {
                    float[] packed = new float[Float32Kernels.packedLength(rows, cols)];
                    Float32Kernels.pack(widen(w[l]), 0, rows, cols, packed);
                    float[] z = new float[rows];
                    Float32Kernels.matVec(packed, rows, cols, y[l], withBias ? b[l] : null, 0, z);
                    String what = (paired ? "paired " : "") + "matVec lane " + l + " row ";
                    for (int r = 0; r < rows; r++) {
                        assertBits(z[r], vector[7 + r * lanes + l], what + r + " bias " + withBias);
                        assertBits(z[r], scalar[7 + r * lanes + l], "scalar " + what + r);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"2, 16", "3, 6", "1, 3", "4, 17", "5, 2"})
    void rowDotsLaneIsTheFloat32RowDotsOfItsCandidate(int rows, int cols) {
        Random rng = new Random(rows * 17 + cols);
        float[][] w = new float[L][rows * cols];
        float[][] x = new float[L][cols];
        float[][] b = new float[L][rows];
        for (int l = 0; l < L; l++) {
            fill(rng, w[l]);
            fill(rng, x[l]);
            fill(rng, b[l]);
        }
        for (boolean paired : new boolean[] {false, true}) {
            int lanes = paired ? LaneKernels.HALF : L;
            float[] vector = new float[3 + LaneKernels.pairedRows(rows) * L];
            float[] scalar = new float[vector.length];
            float[] lanesW = matrix(w, rows, cols, L, paired);
            float[] lanesX = vector(x, 9, paired);
            float[] lanesB = vector(b, 0, paired);
            if (paired) {
                float[] wide = new float[LaneKernels.pairedRows(cols) * L];
                LaneKernels.spread(lanesX, 9, cols, wide, 0);
                LaneKernels.rowDots(lanesW, L, (rows + 1) / 2, cols, wide, 0, lanesB, 0, vector, 3);
                float[] scalarWide = new float[wide.length];
                LaneKernels.scalarSpread(lanesX, 9, cols, scalarWide, 0);
                LaneKernels.scalarRowDots(lanesW, L, (rows + 1) / 2, cols, scalarWide, 0, lanesB, 0, scalar, 3);
            } else {
                LaneKernels.rowDots(lanesW, L, rows, cols, lanesX, 9, lanesB, 0, vector, 3);
                LaneKernels.scalarRowDots(lanesW, L, rows, cols, lanesX, 9, lanesB, 0, scalar, 3);
            }
            for (int l = 0; l < lanes; l++) {
                float[] out = new float[rows];
                Float32Kernels.rowDots(w[l], 0, rows, cols, x[l], b[l], 0, out);
                String what = (paired ? "paired " : "") + "rowDots lane " + l + " row ";
                for (int r = 0; r < rows; r++) {
                    assertBits(out[r], vector[3 + r * lanes + l], what + r);
                    assertBits(out[r], scalar[3 + r * lanes + l], "scalar " + what + r);
                }
            }
        }
    }

    private static void fill(Random rng, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
    }

    private static double[] widen(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /**
     * Row-major matrices of the lanes in a group's layout from {@code off}: {@code [r][c][lane]}, or a half group's
     * paired rows holding the first {@link LaneKernels#HALF} lanes. The padding row of an odd count is NaN, which
     * would show in any result that read it.
     */
    private static float[] matrix(float[][] perLane, int rows, int cols, int off, boolean paired) {
        if (!paired) {
            return vector(perLane, off, false);
        }
        float[] out = new float[off + LaneKernels.pairedRows(rows) * cols * LaneKernels.HALF + L];
        Arrays.fill(out, Float.NaN);
        for (int l = 0; l < LaneKernels.HALF; l++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[off + LaneKernels.pairedIndex(r, c, cols, l)] = perLane[l][r * cols + c];
                }
            }
        }
        return out;
    }

    /** {@code [i][lane]} from {@code off}, the lanes' arrays side by side (the first HALF of them when paired). */
    private static float[] vector(float[][] perLane, int off, boolean paired) {
        int lanes = paired ? LaneKernels.HALF : L;
        float[] out = new float[off + LaneKernels.pairedRows(perLane[0].length) * lanes + L];
        if (paired) {
            Arrays.fill(out, Float.NaN);
        }
        for (int l = 0; l < lanes; l++) {
            for (int i = 0; i < perLane[l].length; i++) {
                out[off + i * lanes + l] = perLane[l][i];
            }
        }
        return out;
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what + ": " + expected
                + " vs " + actual);
    }
}
