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

    @Test
    void vectorTanhMatchesScalarOnSpecialValues() {
        double[] z = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 22.0, -22.0,
            Math.nextUp(22.0), 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, 21.999999, 0.5, -0.5, 1e-300};
        double[] vector = new double[z.length];
        VectorKernels.tanh(z, vector, z.length);
        assertTrue(Double.isNaN(vector[0]), "tanh(NaN) on a lane is " + vector[0]);
        for (int i = 1; i < z.length; i++) {
            assertEquals(Double.doubleToRawLongBits(FastTanh.tanh(z[i])), Double.doubleToRawLongBits(vector[i]),
                    "tanh lane of z = " + z[i]);
        }
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
        double[] bias = new double[n + 2];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = rng.nextGaussian();
        }
        double[] y3 = {0.3, -1.2, 2.5};
        // square (a flow step, with a bias) and rectangular with an odd column count (a projection, without)
        assertMatVecAgrees(rng, n, n, z, bias, "matVec");
        assertMatVecAgrees(rng, n, 3, y3, null, "projection");
    }

    /**
     * Packs a random rows-by-cols W and checks both mat-vec kernels, bit for bit, against the documented sum taken
     * straight from the row-major W: even columns from the bias, odd ones from zero, each in increasing order.
     */
    private static void assertMatVecAgrees(Random rng, int rows, int cols, double[] y, double[] bias, String what) {
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian();
        }
        double[] packed = new double[Kernels.packedLength(rows, cols)];
        java.util.Arrays.fill(packed, Double.NaN); // the padding stays NaN: a kernel that read it would give NaN
        Kernels.pack(w, 0, rows, cols, packed);
        double[] zv = new double[rows];
        double[] zs = new double[rows];
        VectorKernels.matVec(packed, rows, cols, y, bias, 2, zv);
        Kernels.scalarMatVec(packed, rows, cols, y, bias, 2, zs, 0);
        for (int r = 0; r < rows; r++) {
            double even = bias == null ? 0.0 : bias[2 + r];
            double odd = 0.0;
            for (int c = 0; c < cols; c++) {
                if (c % 2 == 0) {
                    even = Math.fma(w[r * cols + c], y[c], even);
                } else {
                    odd = Math.fma(w[r * cols + c], y[c], odd);
                }
            }
            long expected = Double.doubleToRawLongBits(even + odd);
            assertEquals(expected, Double.doubleToRawLongBits(zs[r]), what + " row " + r + ", scalar");
            assertEquals(expected, Double.doubleToRawLongBits(zv[r]), what + " row " + r + ", vector");
        }
    }

    @ParameterizedTest(name = "n = {0}, transposed A = {1}")
    @CsvSource({"1, false", "3, false", "4, false", "8, false", "10, true", "11, false", "16, false", "17, false",
        "24, false", "26, true", "32, false", "1, true", "3, true", "16, true", "17, true"})
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
    @ValueSource(ints = {1, 3, 4, 16, 17, 24, 37, 56})
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
        for (double scale : new double[] {1.0, -0.7}) {
            double[] vector = m.clone();
            double[] scalar = m.clone();
            VectorKernels.subtractCombination(vector, len, 4, coef, 2, 1, 4, scale);
            Kernels.scalarSubtractCombination(scalar, len, 4, coef, 2, 1, 4, scale, 0);
            for (int i = 0; i < m.length; i++) {
                assertEquals(Double.doubleToRawLongBits(scalar[i]), Double.doubleToRawLongBits(vector[i]),
                        "entry " + i + ", scale " + scale);
            }
            for (int c = 0; c < len; c++) {
                double ref = m[4 * len + c];
                for (int j = 1; j < 4; j++) {
                    ref -= coef[2 + j] * m[j * len + c];
                }
                assertEquals(ref * scale, vector[4 * len + c], 1e-13, "column " + c + ", scale " + scale);
            }
        }
    }

    /**
     * One elimination step, vector against scalar, bit for bit: pivot rows one or two vectors long (the registers
     * path) and others, a zero multiplier (its row left alone) and the columns before {@code from} untouched.
     */
    @ParameterizedTest(name = "d = {0}, k = {1}, from = {2}")
    @CsvSource({"16, 0, 0", "16, 6, 0", "16, 7, 8", "16, 14, 8", "8, 2, 0", "5, 1, 0", "24, 3, 0", "24, 9, 8",
        "33, 10, 8"})
    void eliminateVectorAndScalarAgreeBitForBit(int d, int k, int from) {
        Random rng = new Random(31L * d + k);
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        if (k + 2 < d) {
            a[(k + 2) * d + k] = 0.0;
        }
        double inv = 1.0 / a[k * d + k];
        double[] vector = a.clone();
        double[] scalar = a.clone();
        double[] vectorLower = new double[d * d];
        double[] scalarLower = new double[d * d];
        VectorKernels.eliminate(vector, d, k, from, inv, vectorLower);
        Kernels.scalarEliminate(scalar, d, k, from, inv, scalarLower);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(scalar[i]), Double.doubleToRawLongBits(vector[i]), "a " + i);
            assertEquals(Double.doubleToRawLongBits(scalarLower[i]), Double.doubleToRawLongBits(vectorLower[i]),
                    "lower " + i);
        }
        for (int i = k + 1; i < d; i++) {
            double f = a[i * d + k] * inv;
            assertEquals(f, scalarLower[i * d + k], "multiplier of row " + i);
            for (int c = 0; c < d; c++) {
                double expected = c < from || f == 0.0 ? a[i * d + c] : Math.fma(-f, a[k * d + c], a[i * d + c]);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(scalar[i * d + c]),
                        "row " + i + " column " + c);
            }
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
