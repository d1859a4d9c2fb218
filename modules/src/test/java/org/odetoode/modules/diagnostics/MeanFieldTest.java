package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odetoode.modules.Activation;

/** D4 against the reference values of gradient-diagnostics.md §1d. */
class MeanFieldTest {
    private static final MeanField TANH = new MeanField(Activation.TANH);

    @Test
    void tanhCriticalPointAtSigmaB2Of005() {
        double critical = TANH.criticalSigmaW2(0.05, 1.0, 4.0);
        assertEquals(1.761, critical, 0.002);
        assertEquals(0.570, TANH.qStar(critical, 0.05), 0.002);
        assertEquals(1.948, TANH.criticalSigmaW2(0.09, 1.0, 4.0), 0.002);
    }

    @Test
    void tanhChi1AndCorrelationDepthTable() {
        double[] sw2 = {1.0, 1.5, 2.0, 2.5, 4.0};
        double[] chi1 = {0.759, 0.939, 1.048, 1.134, 1.342};
        double[] xiC = {3.6, 15.8, 25.2, 11.8, 7.0};
        for (int i = 0; i < sw2.length; i++) {
            MeanField.Point p = TANH.point(sw2[i], 0.05);
            assertEquals(chi1[i], p.chi1(), 0.0015, "chi1 at " + sw2[i]);
            assertEquals(xiC[i], p.correlationDepth(), 0.05 * xiC[i], "xi_c at " + sw2[i]);
        }
        assertEquals(1.134, TANH.chi1(2.5, 0.05), 0.001);
    }

    @Test
    void reluChi1IsHalfSigmaW2() {
        MeanField relu = new MeanField(Activation.RELU);
        for (double sw2 : new double[] {0.5, 1.5, 2.0, 3.0}) {
            assertEquals(sw2 / 2, relu.chi1(sw2, 0.05), 1e-12);
        }
        assertEquals(0.05 / (1 - 0.75), relu.qStar(1.5, 0.05), 1e-9);
        assertTrue(Double.isInfinite(relu.qStar(2.5, 0.05)));
        assertEquals(2.0, relu.criticalSigmaW2(0.05, 1.0, 3.0), 1e-9);
    }

    @Test
    void randomTanhChainGscFollowsSqrtChi1PerLayer() {
        // GSC(L, 0) ≈ χ₁^{L/2}: at σ_w² = 2.5 the note measured 25 for L = 50 at width 400.
        int depth = 30;
        double[] g = new double[3];
        for (int s = 0; s < g.length; s++) {
            g[s] = GradientScale.gscToEnd(TANH.randomChain(2.5, 0.05, 100, depth, new Random(s)))[0];
        }
        double predicted = Math.pow(TANH.chi1(2.5, 0.05), depth / 2.0);
        double measured = Stats.geometricMean(g);
        assertEquals(Math.log(predicted), Math.log(measured), 0.5, "GSC " + measured + " vs " + predicted);
    }

    @Test
    void noCrossingIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TANH.criticalSigmaW2(0.05, 2.0, 4.0));
        assertTrue(e.getMessage().contains("does not cross 1"), e.getMessage());
    }
}
