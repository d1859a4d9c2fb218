package org.odetoode.modules.linalg;

import java.util.Random;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.odetoode.modules.internal.Kernels;

/**
 * Dense square-matrix kernels on flat row-major {@code double[]} arrays of length {@code d*d}.
 *
 * <p>Every kernel writes into a caller-owned output, which must not alias an input unless the method says so.
 * These run on the parameter-flow and gradient paths, where allocation per call would dominate at d = 16; only the
 * {@link #orthogonalityDefect} diagnostic allocates.
 */
public final class Matrices {
    /** {@link #solveInPlace}'s row updates start at a multiple of this many columns (a 512-bit vector of doubles). */
    private static final int ROW_ALIGN = 8;

    private Matrices() {
    }

    /** Writes the identity into {@code out}. */
    public static void identity(int d, double[] out) {
        java.util.Arrays.fill(out, 0, d * d, 0.0);
        for (int i = 0; i < d; i++) {
            out[i * d + i] = 1.0;
        }
    }

    /** A new identity matrix. */
    public static double[] identity(int d) {
        double[] out = new double[d * d];
        identity(d, out);
        return out;
    }

    /** out = A B (through the SIMD kernel when the Vector API is present; bit-identical either way). */
    public static void mul(int d, double[] a, double[] b, double[] out) {
        Kernels.matMul(d, a, b, out);
    }

    /** out = Aᵀ B (SIMD as {@link #mul}; out must not alias A or B). */
    public static void mulTransA(int d, double[] a, double[] b, double[] out) {
        Kernels.matMulTransA(d, a, b, out);
    }

    /** out = A Bᵀ. */
    public static void mulTransB(int d, double[] a, double[] b, double[] out) {
        for (int i = 0; i < d; i++) {
            int ri = i * d;
            for (int j = 0; j < d; j++) {
                int rj = j * d;
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    s += a[ri + k] * b[rj + k];
                }
                out[ri + j] = s;
            }
        }
    }

    /** out = Aᵀ (out may not alias a). */
    public static void transpose(int d, double[] a, double[] out) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[j * d + i] = a[i * d + j];
            }
        }
    }

    /** acc += s * A. */
    public static void addScaled(int d, double[] acc, double s, double[] a) {
        for (int i = 0, n = d * d; i < n; i++) {
            acc[i] += s * a[i];
        }
    }

    /** Frobenius norm of A. */
    public static double frobenius(int d, double[] a) {
        double s = 0.0;
        for (int i = 0, n = d * d; i < n; i++) {
            s += a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    /** The 1-norm (largest absolute column sum) of A. */
    public static double norm1(int d, double[] a) {
        return norm1(d, a, new double[d]);
    }

    /**
     * {@link #norm1(int, double[])} with scratch for the column sums: the sums run along rows, where the loads are
     * contiguous, each column still summed in row order.
     */
    public static double norm1(int d, double[] a, double[] columnSums) {
        java.util.Arrays.fill(columnSums, 0, d, 0.0);
        for (int i = 0; i < d; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                columnSums[j] += Math.abs(a[o + j]);
            }
        }
        double max = 0.0;
        for (int j = 0; j < d; j++) {
            max = Math.max(max, columnSums[j]);
        }
        return max;
    }

    /** ‖WᵀW − I‖_F: how far W is from the orthogonal group. */
    public static double orthogonalityDefect(int d, double[] w) {
        // WᵀW through the SIMD product: a training run reports this for every grid point every iteration.
        double[] wtw = new double[d * d];
        mulTransA(d, w, w, wtw);
        double s = 0.0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double e = wtw[i * d + j] - (i == j ? 1.0 : 0.0);
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Writes into {@code lo} the first-order polar correction of a nearly orthogonal E: lo = −½ E (EᵀE − I), with EᵀE
     * accumulated by compensated dot products (Ogita, Rump and Oishi, "Accurate sum and dot product", 2005) so that
     * the defect, itself of rounding size, is resolved. E + lo is then orthogonal to about 1e-32; adding
     * {@code W·lo} to {@code W·E} removes the systematic drift of repeated multiplication by the same E.
     */
    public static void orthogonalCorrection(int d, double[] e, double[] lo) {
        double[] r = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = i == j ? -1.0 : 0.0;
                double c = 0.0;
                for (int k = 0; k < d; k++) {
                    double a = e[k * d + i];
                    double b = e[k * d + j];
                    double p = a * b;
                    double ep = Math.fma(a, b, -p);
                    double t = s + p;
                    double z = t - s;
                    c += ep + ((s - (t - z)) + (p - z));
                    s = t;
                }
                r[i * d + j] = s + c;
            }
        }
        mul(d, e, r, lo);
        for (int i = 0; i < d * d; i++) {
            lo[i] *= -0.5;
        }
    }

    /**
     * A Haar-distributed random orthogonal matrix: QR of a standard Gaussian matrix with the signs of Q's columns
     * fixed by diag(R) (Mezzadri 2007), so the distribution is exactly Haar on O(d).
     */
    public static double[] haarOrthogonal(int d, Random rng) {
        double[][] g = new double[d][d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(MatrixUtils.createRealMatrix(g));
        RealMatrix q = qr.getQ();
        RealMatrix r = qr.getR();
        double[] out = new double[d * d];
        for (int j = 0; j < d; j++) {
            double sign = r.getEntry(j, j) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < d; i++) {
                out[i * d + j] = sign * q.getEntry(i, j);
            }
        }
        return out;
    }

    /**
     * Solves A X = B for X in place of B, by LU with partial pivoting. The multipliers of L go to {@code lower}
     * below its diagonal and 1/U_kk to its diagonal (its other entries are left as they were), U to the upper
     * triangle of A, whose entries below the diagonal are left undefined: each elimination step updates the rows
     * below the pivot from the last multiple of eight columns at or before the pivot's, so that d = 16 takes two or
     * one whole vectors per row instead of a ragged tail. Only the columns past the pivot are read again, and each of
     * their entries goes through the same fused multiply-adds in the same order as in a column-by-column
     * elimination. The factorisation touches B only to swap rows; the two triangular solves then build each row of X
     * in registers from the rows before (after) it ({@link Kernels#subtractCombination}), the second one multiplying
     * it by 1/U_ii before it is stored.
     *
     * @throws ArithmeticException if A is singular to working precision
     */
    public static void solveInPlace(int d, double[] a, double[] b, int[] pivot, double[] lower) {
        for (int k = 0; k < d; k++) {
            int p = k;
            double max = Math.abs(a[k * d + k]);
            for (int i = k + 1; i < d; i++) {
                double v = Math.abs(a[i * d + k]);
                if (v > max) {
                    max = v;
                    p = i;
                }
            }
            if (max == 0.0) {
                throw new ArithmeticException("matrix is singular (zero pivot in column " + k + ")");
            }
            pivot[k] = p;
            if (p != k) {
                swapRows(d, a, p, k);
                swapRows(d, b, p, k);
                swapRows(d, lower, p, k);
            }
            double inv = 1.0 / a[k * d + k];
            // U's row k is final: the back substitution divides by its diagonal through this same inverse.
            lower[k * d + k] = inv;
            Kernels.eliminate(a, d, k, (k + 1) & -ROW_ALIGN, inv, lower);
        }
        // L Y = P B (unit lower triangle), then U X = Y, each row of X scaled by 1/U_ii as it is stored.
        for (int i = 1; i < d; i++) {
            Kernels.subtractCombination(b, d, i, lower, i * d, 0, i, 1.0);
        }
        for (int i = d - 1; i >= 0; i--) {
            Kernels.subtractCombination(b, d, i, a, i * d, i + 1, d, lower[i * d + i]);
        }
    }

    private static void swapRows(int d, double[] m, int r1, int r2) {
        int o1 = r1 * d;
        int o2 = r2 * d;
        for (int j = 0; j < d; j++) {
            double t = m[o1 + j];
            m[o1 + j] = m[o2 + j];
            m[o2 + j] = t;
        }
    }
}
