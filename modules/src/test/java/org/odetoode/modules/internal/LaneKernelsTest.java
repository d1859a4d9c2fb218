package org.odetoode.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each lane of {@link LaneKernels} against {@link Float32Kernels} on that lane's own matrix and vector, bit for bit,
 * and the vector form against the scalar one. With random operands a single reordered or unfused operation changes
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
        int off = 3 * L;
        float[] lanesW = interleave(w, off);
        float[] lanesY = interleave(y, L + 5);
        float[] lanesB = interleave(b, 2 * L);
        for (boolean withBias : new boolean[] {true, false}) {
            // Every operand at its own offset, as a lane group places them (LaneKernels.ALIGNED_START).
            float[] vector = new float[7 + rows * L];
            float[] scalar = new float[7 + rows * L];
            LaneKernels.matVec(lanesW, off, rows, cols, lanesY, L + 5, withBias ? lanesB : null, 2 * L, vector, 7);
            LaneKernels.scalarMatVec(lanesW, off, rows, cols, lanesY, L + 5, withBias ? lanesB : null, 2 * L, scalar,
                    7);
            for (int l = 0; l < L; l++) {
                float[] packed = new float[Float32Kernels.packedLength(rows, cols)];
                Float32Kernels.pack(widen(w[l]), 0, rows, cols, packed);
                float[] z = new float[rows];
                Float32Kernels.matVec(packed, rows, cols, y[l], withBias ? b[l] : null, 0, z);
                for (int r = 0; r < rows; r++) {
                    assertBits(z[r], vector[7 + r * L + l], "matVec lane " + l + " row " + r + " bias " + withBias);
                    assertBits(z[r], scalar[7 + r * L + l], "scalar matVec lane " + l + " row " + r);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"2, 16", "3, 6", "1, 3", "4, 17"})
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
        float[] vector = new float[3 + rows * L];
        float[] scalar = new float[3 + rows * L];
        float[] lanesX = interleave(x, 9);
        LaneKernels.rowDots(interleave(w, L), L, rows, cols, lanesX, 9, interleave(b, 0), 0, vector, 3);
        LaneKernels.scalarRowDots(interleave(w, L), L, rows, cols, lanesX, 9, interleave(b, 0), 0, scalar, 3);
        for (int l = 0; l < L; l++) {
            float[] out = new float[rows];
            Float32Kernels.rowDots(w[l], 0, rows, cols, x[l], b[l], 0, out);
            for (int r = 0; r < rows; r++) {
                assertBits(out[r], vector[3 + r * L + l], "rowDots lane " + l + " row " + r);
                assertBits(out[r], scalar[3 + r * L + l], "scalar rowDots lane " + l + " row " + r);
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

    /** {@code [i][lane]} from {@code off}, the lanes' arrays side by side. */
    private static float[] interleave(float[][] perLane, int off) {
        float[] out = new float[off + perLane[0].length * L];
        for (int l = 0; l < L; l++) {
            for (int i = 0; i < perLane[l].length; i++) {
                out[off + i * L + l] = perLane[l][i];
            }
        }
        return out;
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what + ": " + expected
                + " vs " + actual);
    }
}
