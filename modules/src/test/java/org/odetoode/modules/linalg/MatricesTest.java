package org.odetoode.modules.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        Matrices.solveInPlace(d, lu, ours, new int[d]);
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

    @Test
    void singularMatrixIsRefused() {
        double[] a = {1, 2, 2, 4};
        double[] b = {1, 0, 0, 1};
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> Matrices.solveInPlace(2, a, b, new int[2]));
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
