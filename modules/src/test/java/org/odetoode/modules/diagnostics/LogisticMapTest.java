package org.odetoode.modules.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The logistic-map slope table of gradient-diagnostics.md §1b (max|dV/dθ| on θ* ± 0.02). */
class LogisticMapTest {
    private static double slope(double thetaStar, int n) {
        return LogisticMap.maxSlope(thetaStar, n, 0.02, 4001);
    }

    @Test
    void chaoticSlopeGrowsByOrdersOfMagnitudeWithN() {
        double s10 = slope(3.9, 10);
        double s20 = slope(3.9, 20);
        double s40 = slope(3.9, 40);
        double s80 = slope(3.9, 80);
        assertEquals(Math.log10(9e-3), Math.log10(s10), 0.3, "N = 10: " + s10);
        assertEquals(Math.log10(66), Math.log10(s20), 0.5, "N = 20: " + s20);
        assertTrue(s40 > 1e6, "N = 40: " + s40);
        assertTrue(s80 > 1e15, "N = 80: " + s80);
    }

    @Test
    void stableSlopeStaysNear1em3() {
        for (int n : new int[] {10, 20, 40, 80}) {
            double s = slope(2.8, n);
            assertTrue(s > 5e-4 && s < 3e-3, "N = " + n + ": " + s);
        }
    }

    @Test
    void slopeIsTheDerivativeOfTheLoss() {
        double h = 1e-6;
        double fd = (loss(3.85 + h, 3.9, 15) - loss(3.85 - h, 3.9, 15)) / (2 * h);
        assertEquals(fd, LogisticMap.slope(3.85, 3.9, 15), 1e-6 * Math.max(1, Math.abs(fd)));
    }

    private static double loss(double theta, double thetaStar, int n) {
        double x = LogisticMap.X0;
        double y = LogisticMap.X0;
        double s = 0.0;
        for (int t = 0; t < n; t++) {
            x = theta * x * (1 - x);
            y = thetaStar * y * (1 - y);
            s += (x - y) * (x - y);
        }
        return s / n;
    }

    @Test
    void lyapunovExponentOfTheFullyChaoticMapIsLn2() {
        assertEquals(Math.log(2), LogisticMap.lyapunov(4.0, 100, 200_000), 0.01);
        assertTrue(LogisticMap.lyapunov(2.8, 100, 10_000) < 0);
    }
}
