package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.odetoode.experiments.report.Stats.Interval;

/**
 * The report's statistics against independent references: the numpy values printed by
 * {@code src/test/resources/report/stats_reference.py} (pasted below), analytic cases, and the normal-theory
 * interval that the bootstrap of a mean approaches for a large sample.
 */
class StatsTest {
    // the samples of stats_reference.py
    private static final double[] X = {3.1, -0.4, 7.25, 2.0, 2.0, 11.5, -6.3, 4.4, 0.9, 5.05, 1.7};
    private static final double[] Y = {2.2, 0.1, -1.5, 3.3, 2.0, 4.0, -0.7};
    private static final double[] SCORES = {0.31, 0.12, 0.95, 0.44, 0.27, 0.66, 0.58, 0.01, 0.83, 0.39, 0.72, 0.5,
        0.18};

    @Test
    void pointEstimatesMatchNumpy() {
        assertEquals(2.8363636363636364, Stats.mean(X), 1e-14);
        assertEquals(2.0, Stats.median(X), 1e-14);
        assertEquals(1.3, Stats.quantile(X, 0.25), 1e-14);
        assertEquals(4.725, Stats.quantile(X, 0.75), 1e-14);
        assertEquals(3.425, Stats.iqr(X), 1e-14);
        assertEquals(2.7357142857142853, Stats.iqm(X), 1e-14);
        assertEquals(0.5415384615384616, Stats.optimalityGap(SCORES), 1e-14);
        assertEquals(0.38461538461538464, Stats.fractionAbove(SCORES, 0.5), 1e-14);
        assertEquals(0.6233766233766234, Stats.probabilityGreater(X, Y), 1e-14);
        assertEquals(0.5116883116883117, Stats.probabilityOfImprovement(List.of(X, Arrays.copyOf(Y, 4)),
                List.of(Y, Arrays.copyOf(X, 5))), 1e-14);
        Interval p = Stats.percentileInterval(SCORES);
        assertEquals(0.04300000000000001, p.lo(), 1e-14);
        assertEquals(0.9139999999999999, p.hi(), 1e-14);
    }

    @Test
    void iqmOfKnownSamples() {
        // n = 8: the two lowest and two highest go, the middle four stay
        assertEquals((3 + 4 + 5 + 6) / 4.0, Stats.iqm(new double[] {8, 1, 7, 2, 6, 3, 5, 4}), 0.0);
        // an outlier run does not move it
        assertEquals((3 + 4 + 5 + 6) / 4.0, Stats.iqm(new double[] {1e9, 1, 7, 2, 6, 3, 5, 4}), 0.0);
        // n < 4 trims nothing: the mean
        assertEquals(2.0, Stats.iqm(new double[] {1, 2, 3}), 0.0);
    }

    @Test
    void bootstrapOfAConstantSampleCollapses() {
        double[] c = {4.5, 4.5, 4.5, 4.5, 4.5};
        for (Interval ci : List.of(Stats.bootstrap(c, Stats::mean, 500, 1), Stats.bootstrap(c, Stats::iqm, 500, 2),
                Stats.bootstrap(c, Stats::median, 500, 3))) {
            assertEquals(4.5, ci.lo(), 0.0);
            assertEquals(4.5, ci.hi(), 0.0);
        }
        assertEquals(0.0, Stats.bootstrap(c, Stats::iqr, 500, 4).hi(), 0.0);
    }

    @Test
    void bootstrapOfTheMeanApproachesTheNormalInterval() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3.0 + 2.0 * gaussian(rng);
        }
        double m = Stats.mean(x);
        double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
        double half = 1.959964 * sd / Math.sqrt(x.length);
        Interval ci = Stats.bootstrap(x, Stats::mean, 4000, 11);
        // the percentile interval of a mean of 2000 draws is within a few percent of mean ± 1.96 s/√n
        assertEquals(m - half, ci.lo(), 0.06 * half);
        assertEquals(m + half, ci.hi(), 0.06 * half);
    }

    @Test
    void bootstrapIsDeterministicForASeed() {
        assertEquals(Stats.bootstrap(X, Stats::iqm, 300, 5), Stats.bootstrap(X, Stats::iqm, 300, 5));
        assertNotEquals(Stats.bootstrap(X, Stats::iqm, 300, 5), Stats.bootstrap(X, Stats::iqm, 300, 6));
    }

    @Test
    void stratifiedBootstrapKeepsEachTasksRunCount() {
        // task A always scores 0, task B always 1: resampling within tasks keeps three of each, so the pooled mean is
        // exactly 1/2 in every resample; pooling the runs first would let it wander
        List<double[]> tasks = List.of(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        Interval ci = Stats.stratifiedInterval(tasks, Stats::mean, 1000, 3);
        assertEquals(0.5, ci.lo(), 0.0);
        assertEquals(0.5, ci.hi(), 0.0);
        Interval pooled = Stats.bootstrap(new double[] {0, 0, 0, 1, 1, 1}, Stats::mean, 1000, 3);
        assertTrue(pooled.hi() - pooled.lo() > 0.5, pooled.toString());
    }

    @Test
    void stratifiedIntervalContainsTheEstimateAndNarrowsWithRuns() {
        SplittableRandom rng = new SplittableRandom(1);
        List<double[]> few = List.of(draw(rng, 5, 0.3), draw(rng, 5, 0.7));
        List<double[]> many = List.of(draw(rng, 80, 0.3), draw(rng, 80, 0.7));
        Interval a = Stats.stratifiedInterval(few, Stats::iqm, 2000, 9);
        Interval b = Stats.stratifiedInterval(many, Stats::iqm, 2000, 9);
        double pooled = Stats.iqm(Arrays.stream(many.toArray(double[][]::new)).flatMapToDouble(Arrays::stream)
                .toArray());
        assertTrue(b.lo() <= pooled && pooled <= b.hi(), b + " vs " + pooled);
        assertTrue(b.hi() - b.lo() < a.hi() - a.lo(), a + " vs " + b);
    }

    @Test
    void probabilityOfImprovementOfSeparatedAndIdenticalSamples() {
        List<double[]> high = List.of(new double[] {10, 11, 12}, new double[] {5, 6});
        List<double[]> low = List.of(new double[] {1, 2}, new double[] {0, -1, 3});
        assertEquals(1.0, Stats.probabilityOfImprovement(high, low), 0.0);
        assertEquals(0.0, Stats.probabilityOfImprovement(low, high), 0.0);
        Interval ci = Stats.probabilityOfImprovementInterval(high, low, 500, 1);
        assertArrayEquals(new double[] {1, 1}, ci.pair(), 0.0);
        List<double[]> same = List.of(new double[] {2, 2, 2}, new double[] {7, 7});
        assertEquals(0.5, Stats.probabilityOfImprovement(same, same), 0.0);
        assertArrayEquals(new double[] {0.5, 0.5}, Stats.probabilityOfImprovementInterval(same, same, 500, 1).pair(),
                0.0);
        // identically distributed samples: P near 1/2 and the interval holds it
        SplittableRandom rng = new SplittableRandom(3);
        List<double[]> x = List.of(draw(rng, 40, 0), draw(rng, 40, 0));
        List<double[]> y = List.of(draw(rng, 40, 0), draw(rng, 40, 0));
        Interval xy = Stats.probabilityOfImprovementInterval(x, y, 1000, 2);
        assertTrue(xy.lo() < 0.5 && 0.5 < xy.hi(), xy.toString());
    }

    private static double[] draw(SplittableRandom rng, int n, double mean) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + 0.2 * gaussian(rng);
        }
        return v;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
