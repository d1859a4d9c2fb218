package org.odetoode.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.odetoode.envs.Rng;

class RunningMeanStdTest {

    private static double[][] data(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][2];
        for (double[] row : x) {
            row[0] = 3 + 2 * rng.nextGaussian();
            row[1] = -1 + 0.1 * rng.nextGaussian();
        }
        return x;
    }

    @Test
    void matchesTheTwoPassMoments() {
        double[][] x = data(1000, 1);
        RunningMeanStd s = new RunningMeanStd(2);
        for (double[] row : x) {
            s.push(row);
        }
        for (int d = 0; d < 2; d++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[d] / x.length;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[d] - mean) * (row[d] - mean) / x.length;
            }
            assertEquals(mean, s.mean(d), 1e-12);
            assertEquals(var, s.variance(d), 1e-12);
        }
        assertEquals(1000, s.count());
    }

    @Test
    void mergingWorkersEqualsOneStream() {
        double[][] x = data(900, 2);
        RunningMeanStd all = new RunningMeanStd(2);
        RunningMeanStd[] workers = {new RunningMeanStd(2), new RunningMeanStd(2), new RunningMeanStd(2)};
        for (int i = 0; i < x.length; i++) {
            all.push(x[i]);
            workers[i % 3].push(x[i]);
        }
        RunningMeanStd merged = new RunningMeanStd(2);
        for (RunningMeanStd w : workers) {
            merged.merge(w);
        }
        merged.merge(new RunningMeanStd(2));
        assertEquals(all.count(), merged.count());
        assertArrayEquals(all.means(), merged.means(), 1e-12);
        assertArrayEquals(all.variances(), merged.variances(), 1e-12);
    }

    @Test
    void emptyIsMeanZeroVarianceOneAndRoundTripsThroughMoments() {
        RunningMeanStd s = new RunningMeanStd(3);
        assertEquals(0.0, s.mean(1));
        assertEquals(1.0, s.variance(1));
        s.push(new double[] {1, 2, 3});
        s.push(new double[] {3, 2, 1});
        RunningMeanStd copy = RunningMeanStd.of(s.count(), s.means(), s.variances());
        assertArrayEquals(s.variances(), copy.variances(), 0.0);
        assertArrayEquals(new double[] {1, 0, 1}, copy.variances(), 0.0);
        s.clear();
        assertEquals(0, s.count());
        assertThrows(IllegalArgumentException.class, () -> s.push(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> s.merge(new RunningMeanStd(2)));
    }

    @Test
    void exactStateRoundTripsBitForBit() {
        RunningMeanStd s = new RunningMeanStd(2);
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < 37; i++) {
            s.push(new double[] {rng.nextGaussian() * 1e3, rng.nextGaussian() / 7});
        }
        RunningMeanStd restored = RunningMeanStd.ofSums(s.count(), s.means(), s.sumsOfSquares());
        for (int i = 0; i < 2; i++) {
            assertEquals(Double.doubleToRawLongBits(s.mean(i)), Double.doubleToRawLongBits(restored.mean(i)));
            assertEquals(Double.doubleToRawLongBits(s.variance(i)), Double.doubleToRawLongBits(restored.variance(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> RunningMeanStd.ofSums(1, new double[2], new double[1]));
    }
}
