package org.odetoode.modules.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our Padé expm against Hipparchus's, the Fréchet adjoint against finite differences, Cayley orthogonality. */
class ExpmTest {

    static double[] random(int d, double scale, long seed) {
        Random rng = new Random(seed);
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = scale * rng.nextGaussian();
        }
        return a;
    }

    /** Norms that select every Padé degree and the scaled branch. */
    @ParameterizedTest(name = "scale {0}")
    @ValueSource(doubles = {1e-3, 0.05, 0.2, 0.5, 1.0, 3.0})
    void matchesHipparchus(double scale) {
        int d = 7;
        double[] a = random(d, scale, 1);
        double[] ours = new double[d * d];
        new Expm(d).exp(a, ours);
        double[][] rows = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a, i * d, rows[i], 0, d);
        }
        RealMatrix ref = MatrixUtils.matrixExponential(MatrixUtils.createRealMatrix(rows));
        double norm = ref.getFrobeniusNorm();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                assertEquals(ref.getEntry(i, j), ours[i * d + j], 1e-13 * norm);
            }
        }
    }

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(doubles = {0.01, 0.3, 2.0})
    void skewMatrixGivesOrthogonalExponential(double scale) {
        int d = 16;
        double[] a = random(d, scale, 2);
        double[] skew = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                skew[i * d + j] = a[i * d + j] - a[j * d + i];
            }
        }
        double[] e = new double[d * d];
        new Expm(d).exp(skew, e);
        assertTrue(Matrices.orthogonalityDefect(d, e) < 1e-13);
    }

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(doubles = {0.05, 0.7, 4.0})
    void frechetAdjointMatchesFiniteDifferences(double scale) {
        int d = 5;
        double[] a = random(d, scale, 3);
        double[] g = random(d, 1.0, 4);
        double[] adj = new double[d * d];
        Expm expm = new Expm(d);
        expm.frechetAdjoint(a, g, adj);
        // <G, expm(A + εE_k)> differentiated by the fourth-order central stencil, entry by entry.
        double eps = 1e-4;
        double[] e = new double[d * d];
        for (int k = 0; k < d * d; k++) {
            double[] l = new double[4];
            double[] steps = {eps, -eps, 2 * eps, -2 * eps};
            for (int s = 0; s < 4; s++) {
                double[] ap = a.clone();
                ap[k] += steps[s];
                expm.exp(ap, e);
                for (int i = 0; i < d * d; i++) {
                    l[s] += g[i] * e[i];
                }
            }
            double fd = (8 * (l[0] - l[1]) - (l[2] - l[3])) / (12 * eps);
            assertEquals(fd, adj[k], 1e-8 * Math.max(1.0, Math.abs(fd)), "scale " + scale + " entry " + k);
        }
    }
}
