package org.odetoode.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The float32 forward kernels: tanh accuracy against the correctly rounded value, and vector = scalar bit for bit. */
class Float32KernelsTest {

    /** Every 61st float from the smallest normal to past the clamp, both signs: about 35 million arguments. */
    @Test
    void tanhIsWithinFourUlpOfTheRoundedTanh() {
        double worst = 0.0;
        float worstAt = 0.0f;
        int to = Float.floatToRawIntBits(12.0f);
        for (int bits = Float.floatToRawIntBits(Float.MIN_NORMAL); bits < to; bits += 61) {
            float x = Float.intBitsToFloat(bits);
            for (float v : new float[] {x, -x}) {
                float ref = (float) StrictMath.tanh(v);
                double err = Math.abs((double) FastTanh.tanh(v) - ref) / Math.ulp(ref);
                if (err > worst) {
                    worst = err;
                    worstAt = v;
                }
            }
        }
        assertTrue(worst <= 4.0, "worst error " + worst + " ulp at " + worstAt);
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(FastTanh.tanh(0.0f)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(FastTanh.tanh(-0.0f)));
        assertEquals(1.0f, FastTanh.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1.0f, FastTanh.tanh(-100.0f));
        assertEquals(Float.MIN_VALUE, FastTanh.tanh(Float.MIN_VALUE));
        assertTrue(Float.isNaN(FastTanh.tanh(Float.NaN)));
    }

    @Test
    void vectorTanhMatchesScalarOnSpecialValues() {
        float[] z = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, 10.0f, -10.0f,
            Math.nextUp(10.0f), 1e30f, -1e30f, Float.MIN_VALUE, -Float.MIN_VALUE, 9.999999f, 0.5f, -0.5f, 1e-30f};
        float[] vector = new float[z.length];
        VectorFloat32Kernels.tanh(z, vector, z.length);
        assertTrue(Float.isNaN(vector[0]), "tanh(NaN) on a lane is " + vector[0]);
        for (int i = 1; i < z.length; i++) {
            assertEquals(Float.floatToRawIntBits(FastTanh.tanh(z[i])), Float.floatToRawIntBits(vector[i]),
                    "tanh lane of z = " + z[i]);
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 3, 8, 16, 17, 37, 64})
    void vectorAndScalarAgreeBitForBit(int n) {
        Random rng = new Random(n);
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) ((i % 5 == 0 ? 0.0 : rng.nextGaussian() * 4) * (i % 2 == 0 ? 1 : -1));
        }
        float[] xs = new float[n];
        float[] xv = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) rng.nextGaussian();
            xv[i] = xs[i];
        }
        VectorFloat32Kernels.eulerTanh(z, xv, 0.1f, n);
        for (int i = 0; i < n; i++) {
            xs[i] += 0.1f * FastTanh.tanh(z[i]);
            assertEquals(Float.floatToRawIntBits(xs[i]), Float.floatToRawIntBits(xv[i]), "Euler lane " + i);
        }
        float[] bias = new float[n + 2];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) rng.nextGaussian();
        }
        assertMatVecAgrees(rng, n, n, z, bias, "matVec");
        assertMatVecAgrees(rng, n, 3, new float[] {0.3f, -1.2f, 2.5f}, null, "projection");
    }

    /** Both mat-vec kernels against the documented sum from the row-major W, bit for bit; padding is never read. */
    private static void assertMatVecAgrees(Random rng, int rows, int cols, float[] y, float[] bias, String what) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        float[] packed = new float[Float32Kernels.packedLength(rows, cols)];
        Arrays.fill(packed, Float.NaN);
        Float32Kernels.pack(w, 0, rows, cols, packed);
        float[] zv = new float[rows];
        float[] zs = new float[rows];
        VectorFloat32Kernels.matVec(packed, rows, cols, y, bias, 2, zv);
        Float32Kernels.scalarMatVec(packed, rows, cols, y, bias, 2, zs, 0);
        for (int r = 0; r < rows; r++) {
            float even = bias == null ? 0.0f : bias[2 + r];
            float odd = 0.0f;
            for (int c = 0; c < cols; c++) {
                if (c % 2 == 0) {
                    even = Math.fma((float) w[r * cols + c], y[c], even);
                } else {
                    odd = Math.fma((float) w[r * cols + c], y[c], odd);
                }
            }
            int expected = Float.floatToRawIntBits(even + odd);
            assertEquals(expected, Float.floatToRawIntBits(zs[r]), what + " row " + r + ", scalar");
            assertEquals(expected, Float.floatToRawIntBits(zv[r]), what + " row " + r + ", vector");
        }
    }

    @Test
    void rowDotsAreTheProjectionInFloat() {
        Random rng = new Random(3);
        int rows = 3;
        int cols = 7;
        float[] w = new float[2 + rows * cols];
        float[] x = new float[cols];
        float[] b = new float[rows];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < cols; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        float[] out = new float[rows];
        Float32Kernels.rowDots(w, 2, rows, cols, x, b, 0, out);
        for (int r = 0; r < rows; r++) {
            double ref = b[r];
            for (int c = 0; c < cols; c++) {
                ref += (double) w[2 + r * cols + c] * x[c];
            }
            assertEquals(ref, out[r], 1e-5 * (1 + Math.abs(ref)), "row " + r);
        }
    }
}
