package org.odetoode.modules.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The LU solve against Hipparchus's, and the orthogonality defect on an analytic case. */
class MatricesTest {

    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 3, 16, 17})
    void orthogonalityDefectIsTheFrobeniusNormOfWtWMinusI(int d) {
        // W = Q·diag(2, 1, ..., 1) with Q Haar: WᵀW − I = diag(3, 0, ..., 0), whose norm is 3.
        double[] q = Matrices.haarOrthogonal(d, new java.util.Random(d));
        double[] w = q.clone();
        for (int r = 0; r < d; r++) {
            w[r * d] *= 2.0;
        }
        assertEquals(3.0, Matrices.orthogonalityDefect(d, w), 1e-13);
        assertEquals(0.0, Matrices.orthogonalityDefect(d, q), 1e-14);
    }

    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 2, 5, 16, 17, 33})
    void solveMatchesHipparchus(int d) {
        double[] a = ExpmTest.random(d, 1.0, d);
        double[] b = ExpmTest.random(d, 1.0, 100 + d);
        // A zero leading entry forces a row exchange at the first pivot.
        if (d > 1) {
            a[0] = 0.0;
        }
        RealMatrix x = new LUDecomposition(MatrixUtils.createRealMatrix(unflatten(d, a)))
                .getSolver().solve(MatrixUtils.createRealMatrix(unflatten(d, b)));
        double[] lu = a.clone();
        double[] ours = b.clone();
        Matrices.solveInPlace(d, lu, ours, new int[d], new double[d * d]);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(x.getEntry(i, j), ours[i * d + j], 1e-10 * Math.max(1.0, Math.abs(x.getEntry(i, j))),
                        "X[" + i + "][" + j + "]");
            }
        }
        // and the residual of our own solution
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    s += a[i * d + k] * ours[k * d + j];
                }
                assertEquals(b[i * d + j], s, 1e-10, "(A X − B)[" + i + "][" + j + "]");
            }
        }
    }

    /**
     * The whole-row updates change only entries that are never read again: X comes out bit for bit as from the
     * textbook elimination (L kept in place, each row updated from the column after the pivot, scalar fused
     * multiply-adds), on matrices that pivot, that hold exact zeros below a pivot, and of sizes across the vector
     * width. Moving the first updated column one place later, for one, changes X.
     */
    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 2, 5, 8, 9, 15, 16, 17, 24, 33})
    void solveIsTheColumnByColumnEliminationBitForBit(int d) {
        java.util.Random rng = new java.util.Random(31 * d);
        int solved = 0;
        for (int trial = 0; trial < 40; trial++) {
            double[] a = new double[d * d];
            double[] b = new double[d * d];
            for (int i = 0; i < d * d; i++) {
                a[i] = trial % 4 == 1 && rng.nextInt(5) == 0 ? 0.0 : rng.nextGaussian() * (trial % 3 == 0 ? 1e-3 : 1);
                b[i] = rng.nextGaussian();
            }
            if (trial % 2 == 0) {
                for (int i = 0; i < d; i++) {
                    a[i * d + i] += 1.0; // as I ∓ A/2 in the Cayley and Padé solves: few row exchanges
                }
            }
            double[] ours = b.clone();
            try {
                Matrices.solveInPlace(d, a.clone(), ours, new int[d], new double[d * d]);
            } catch (ArithmeticException singular) {
                continue; // a small matrix with zeroed entries can be singular
            }
            solved++;
            double[] expected = b.clone();
            textbookSolve(d, a.clone(), expected);
            for (int i = 0; i < d * d; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(ours[i]),
                        "trial " + trial + ", X entry " + i);
            }
        }
        assertTrue(solved >= 30, solved + " of 40 trials solved");
    }

    /** LU with partial pivoting, one column at a time, every operation in the documented order. */
    private static void textbookSolve(int d, double[] a, double[] b) {
        for (int k = 0; k < d; k++) {
            int p = k;
            for (int i = k + 1; i < d; i++) {
                if (Math.abs(a[i * d + k]) > Math.abs(a[p * d + k])) {
                    p = i;
                }
            }
            for (int j = 0; j < d; j++) {
                double t = a[p * d + j];
                a[p * d + j] = a[k * d + j];
                a[k * d + j] = t;
                t = b[p * d + j];
                b[p * d + j] = b[k * d + j];
                b[k * d + j] = t;
            }
            double inv = 1.0 / a[k * d + k];
            for (int i = k + 1; i < d; i++) {
                double f = a[i * d + k] * inv;
                a[i * d + k] = f;
                if (f != 0.0) {
                    for (int j = k + 1; j < d; j++) {
                        a[i * d + j] = Math.fma(-f, a[k * d + j], a[i * d + j]);
                    }
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < d; c++) {
                double s = b[i * d + c];
                for (int j = 0; j < i; j++) {
                    s = Math.fma(-a[i * d + j], b[j * d + c], s);
                }
                b[i * d + c] = s;
            }
        }
        for (int i = d - 1; i >= 0; i--) {
            double inv = 1.0 / a[i * d + i];
            for (int c = 0; c < d; c++) {
                double s = b[i * d + c];
                for (int j = i + 1; j < d; j++) {
                    s = Math.fma(-a[i * d + j], b[j * d + c], s);
                }
                b[i * d + c] = s * inv;
            }
        }
    }

    @Test
    void singularMatrixIsRefused() {
        double[] a = {1, 2, 2, 4};
        double[] b = {1, 0, 0, 1};
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Matrices.solveInPlace(2, a, b, new int[2], new double[4]));
        assertEquals("matrix is singular (zero pivot in column 1)", e.getMessage());
    }

    private static double[][] unflatten(int d, double[] m) {
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(m, i * d, out[i], 0, d);
        }
        return out;
    }
}
