package org.odetoode.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The forward kernels: tanh accuracy, and vector and scalar paths bit for bit. */
class KernelsTest {

    @Test
    void vectorModuleIsPresentInTests() {
        assertTrue(Kernels.VECTOR, "surefire runs with --add-modules jdk.incubator.vector");
    }

    @Test
    void tanhIsWithinFourUlpOfStrictMath() {
        Random rng = new Random(1);
        double worst = 0.0;
        for (int i = 0; i < 2_000_000; i++) {
            double scale = switch (i % 4) {
                case 0 -> 1e-6;
                case 1 -> 0.3;
                case 2 -> 3.0;
                default -> 30.0;
            };
            double x = scale * rng.nextGaussian();
            double ref = StrictMath.tanh(x);
            worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - ref) / Math.ulp(ref));
        }
        assertTrue(worst <= 4.0, "worst error " + worst + " ulp");
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(0.0, FastTanh.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastTanh.tanh(-700.0));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 3, 4, 16, 17, 37, 64})
    void vectorAndScalarAgreeBitForBit(int n) {
        Random rng = new Random(n);
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (i % 5 == 0 ? 0.0 : rng.nextGaussian() * 4) * (i % 2 == 0 ? 1 : -1);
        }
        double[] vector = new double[n];
        VectorKernels.tanh(z, vector, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(FastTanh.tanh(z[i])), Double.doubleToRawLongBits(vector[i]),
                    "tanh lane " + i + " of z = " + z[i]);
        }
        double[] xs = new double[n];
        double[] xv = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = rng.nextGaussian();
            xv[i] = xs[i];
        }
        VectorKernels.eulerTanh(z, xv, 0.1, n);
        for (int i = 0; i < n; i++) {
            xs[i] += 0.1 * FastTanh.tanh(z[i]);
            assertEquals(Double.doubleToRawLongBits(xs[i]), Double.doubleToRawLongBits(xv[i]), "Euler lane " + i);
        }
        double[] wt = new double[Math.max(n, 3) * n];
        double[] bias = new double[n + 2];
        for (int i = 0; i < wt.length; i++) {
            wt[i] = rng.nextGaussian();
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextGaussian();
        }
        double[] zv = new double[n];
        double[] zs = new double[n];
        VectorKernels.matVec(wt, n, n, z, bias, 2, zv);
        Kernels.scalarMatVec(wt, n, n, z, bias, 2, zs, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(zs[i]), Double.doubleToRawLongBits(zv[i]), "matVec row " + i);
        }
        // rectangular: n rows, 3 columns (a projection)
        double[] y3 = {0.3, -1.2, 2.5};
        VectorKernels.matVec(wt, n, 3, y3, null, 0, zv);
        Kernels.scalarMatVec(wt, n, 3, y3, null, 0, zs, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(zs[i]), Double.doubleToRawLongBits(zv[i]), "projection row " + i);
        }
    }

    @ParameterizedTest(name = "n = {0}, transposed A = {1}")
    @CsvSource({"1, false", "3, false", "4, false", "16, false", "17, false", "32, false", "1, true", "3, true",
        "16, true", "17, true"})
    void matMulVectorAndScalarAgreeBitForBit(int n, boolean transA) {
        Random rng = new Random(n);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        double[] v = new double[n * n];
        double[] s = new double[n * n];
        VectorKernels.matMul(n, a, transA, b, v);
        Kernels.scalarMatMul(n, a, transA, b, s, 0);
        for (int i = 0; i < n * n; i++) {
            assertEquals(Double.doubleToRawLongBits(s[i]), Double.doubleToRawLongBits(v[i]), "entry " + i);
            double ref = 0.0;
            for (int k = 0; k < n; k++) {
                double aik = transA ? a[k * n + i / n] : a[(i / n) * n + k];
                ref += aik * b[k * n + i % n];
            }
            assertEquals(ref, v[i], 1e-12 * n);
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 3, 4, 7, 16, 17})
    void rowFmaVectorAndScalarAgreeBitForBit(int len) {
        Random rng = new Random(len);
        double[] m = new double[3 * len + 5];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextGaussian();
        }
        double[] expected = m.clone();
        int src = 2;
        int dst = len + 4;
        for (int j = 0; j < len; j++) {
            expected[dst + j] = Math.fma(-0.37, expected[src + j], expected[dst + j]);
        }
        VectorKernels.rowFma(m, dst, -0.37, src, len);
        for (int i = 0; i < m.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(m[i]), "entry " + i);
        }
    }

    @ParameterizedTest(name = "row length {0}")
    @ValueSource(ints = {1, 3, 4, 16, 17, 37})
    void subtractCombinationVectorAndScalarAgreeBitForBit(int len) {
        Random rng = new Random(7L * len);
        int rows = 6;
        double[] m = new double[rows * len];
        double[] coef = new double[rows + 2];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextGaussian();
        }
        for (int i = 0; i < coef.length; i++) {
            coef[i] = rng.nextGaussian();
        }
        double[] vector = m.clone();
        double[] scalar = m.clone();
        VectorKernels.subtractCombination(vector, len, 4, coef, 2, 1, 4);
        Kernels.scalarSubtractCombination(scalar, len, 4, coef, 2, 1, 4, 0);
        for (int i = 0; i < m.length; i++) {
            assertEquals(Double.doubleToRawLongBits(scalar[i]), Double.doubleToRawLongBits(vector[i]), "entry " + i);
        }
        for (int c = 0; c < len; c++) {
            double ref = m[4 * len + c];
            for (int j = 1; j < 4; j++) {
                ref -= coef[2 + j] * m[j * len + c];
            }
            assertEquals(ref, vector[4 * len + c], 1e-13, "column " + c);
        }
    }

    @ParameterizedTest(name = "{0} rows, {1} cols")
    @CsvSource({"1, 1", "2, 16", "3, 7", "6, 17"})
    void rowDotsAreTheProjection(int rows, int cols) {
        Random rng = new Random(31L * rows + cols);
        int off = 3;
        double[] w = new double[off + rows * cols];
        double[] x = new double[cols];
        double[] bias = new double[rows + 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        for (int i = 0; i < cols; i++) {
            x[i] = rng.nextGaussian();
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextGaussian();
        }
        double[] out = new double[rows];
        Kernels.rowDots(w, off, rows, cols, x, bias, 2, out);
        for (int r = 0; r < rows; r++) {
            double[] partial = new double[4];
            for (int c = 0; c < cols; c++) {
                int lane = c < (cols & ~3) ? c % 4 : 0;
                partial[lane] = Math.fma(w[off + r * cols + c], x[c], partial[lane]);
            }
            double expected = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + bias[2 + r];
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[r]), "row " + r);
            double naive = bias[2 + r];
            for (int c = 0; c < cols; c++) {
                naive += w[off + r * cols + c] * x[c];
            }
            assertEquals(naive, out[r], 1e-13 * cols);
        }
    }
}
