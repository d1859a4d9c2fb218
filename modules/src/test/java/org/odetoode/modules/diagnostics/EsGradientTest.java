package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** D10 on a smooth quadratic F(θ) = ½ θᵀAθ + bᵀθ, whose antithetic ES estimate is unbiased. */
class EsGradientTest {
    private static final int N = 20;
    private static final double[][] A = new double[N][N];
    private static final double[] B = new double[N];

    static {
        Random rng = new Random(7);
        for (int i = 0; i < N; i++) {
            A[i][i] = 1 + i * 0.2;
            B[i] = rng.nextGaussian();
        }
        A[0][1] = A[1][0] = 0.5;
    }

    private static final ToDoubleFunction<double[]> F = th -> {
        double s = 0.0;
        for (int i = 0; i < N; i++) {
            double ai = 0.0;
            for (int j = 0; j < N; j++) {
                ai += A[i][j] * th[j];
            }
            s += 0.5 * th[i] * ai + B[i] * th[i];
        }
        return s;
    };

    private static double[] trueGradient(double[] th) {
        double[] g = B.clone();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                g[i] += A[i][j] * th[j];
            }
        }
        return g;
    }

    @Test
    void cosineApproachesOneAsDirectionsGrow() {
        double[] theta = new double[N];
        java.util.Arrays.fill(theta, 0.3);
        double[] truth = trueGradient(theta);
        double previous = -1;
        for (int k : new int[] {4, 64, 4096}) {
            EsGradient.Comparison c = EsGradient.compare(
                    EsGradient.antithetic(F, theta, 0.1, k, new Random(k)), truth);
            assertTrue(c.cosine() > previous - 0.05, "K = " + k + ": cosine " + c.cosine());
            previous = c.cosine();
        }
        assertTrue(previous > 0.99, "cosine at K = 4096: " + previous);
        EsGradient.Comparison big = EsGradient.compare(EsGradient.antithetic(F, theta, 0.1, 4096, new Random(1)), truth);
        assertEquals(1.0, big.normRatio(), 0.1);
    }

    @Test
    void badSigmaOrDirectionsAreRejected() {
        double[] theta = new double[N];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EsGradient.antithetic(F, theta, 0.0, 4, new Random(1)));
        assertTrue(e.getMessage().contains("σ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EsGradient.antithetic(F, theta, 0.1, 0, new Random(1)));
    }
}
