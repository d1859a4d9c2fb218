package org.odetoode.experiments.report;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hipparchus.stat.descriptive.rank.Percentile;
import org.hipparchus.stat.ranking.NaNStrategy;

/**
 * The statistics of Agarwal et al. (NeurIPS 2021, "Deep RL at the edge of the statistical precipice"): point
 * estimates over runs, percentile bootstrap confidence intervals (plain, and stratified: runs resampled within each
 * task), performance profiles and the probability of improvement. Quantiles are linear interpolation between order
 * statistics (Hyndman and Fan type 7, numpy's default); the bootstrap is seeded and so deterministic.
 */
public final class Stats {
    /** The default number of bootstrap resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;

    private Stats() {
    }

    /** An interval [lo, hi]. */
    public record Interval(double lo, double hi) {
        /** As a JSON-friendly pair. */
        public double[] pair() {
            return new double[] {lo, hi};
        }
    }

    /** The arithmetic mean; NaN for no values. */
    public static double mean(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double s = 0.0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The {@code p}-quantile, p in [0, 1], by linear interpolation (type 7); NaN for no values. */
    public static double quantile(double[] x, double p) {
        if (x.length == 0) {
            return Double.NaN;
        }
        Percentile q = new Percentile().withEstimationType(Percentile.EstimationType.R_7)
                .withNaNStrategy(NaNStrategy.FIXED);
        return q.evaluate(x, Math.max(1e-9, Math.min(100.0, 100.0 * p)));
    }

    /** The median. */
    public static double median(double[] x) {
        return quantile(x, 0.5);
    }

    /** The interquartile range Q3 − Q1. */
    public static double iqr(double[] x) {
        return quantile(x, 0.75) - quantile(x, 0.25);
    }

    /**
     * The interquartile mean: the mean after cutting ⌊n/4⌋ values from each end of the sorted sample (the 25 %
     * trimmed mean as scipy.stats.trim_mean(x, 0.25) computes it, which rliable uses).
     */
    public static double iqm(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int cut = s.length / 4;
        double sum = 0.0;
        for (int i = cut; i < s.length - cut; i++) {
            sum += s[i];
        }
        return sum / (s.length - 2 * cut);
    }

    /** The optimality gap: the mean of max(0, 1 − score) over normalised scores. */
    public static double optimalityGap(double[] scores) {
        double[] gap = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            gap[i] = Math.max(0.0, 1.0 - scores[i]);
        }
        return mean(gap);
    }

    /** The fraction of values strictly above {@code tau}. */
    public static double fractionAbove(double[] scores, double tau) {
        int above = 0;
        for (double s : scores) {
            above += s > tau ? 1 : 0;
        }
        return scores.length == 0 ? Double.NaN : (double) above / scores.length;
    }

    /**
     * The Mann–Whitney probability P(X > Y): over all pairs, 1 when x > y, ½ when equal, averaged; NaN when either
     * sample is empty.
     */
    public static double probabilityGreater(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            return Double.NaN;
        }
        double s = 0.0;
        for (double a : x) {
            for (double b : y) {
                s += a > b ? 1.0 : a == b ? 0.5 : 0.0;
            }
        }
        return s / ((double) x.length * y.length);
    }

    /** The probability of improvement over tasks: {@link #probabilityGreater} per task, averaged over tasks. */
    public static double probabilityOfImprovement(List<double[]> x, List<double[]> y) {
        double s = 0.0;
        for (int t = 0; t < x.size(); t++) {
            s += probabilityGreater(x.get(t), y.get(t));
        }
        return x.isEmpty() ? Double.NaN : s / x.size();
    }

    /** The percentile interval of the bootstrap statistics: their 2.5 % and 97.5 % quantiles. */
    public static Interval percentileInterval(double[] statistics) {
        return new Interval(quantile(statistics, 0.025), quantile(statistics, 0.975));
    }

    /** A 95 % percentile bootstrap interval of {@code statistic} over resamples of {@code x} with replacement. */
    public static Interval bootstrap(double[] x, ToDoubleFunction<double[]> statistic, int resamples, long seed) {
        if (x.length == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        double[] sample = new double[x.length];
        for (int b = 0; b < resamples; b++) {
            resample(x, sample, rng);
            stats[b] = statistic.applyAsDouble(sample);
        }
        return percentileInterval(stats);
    }

    /**
     * The stratified bootstrap statistics: each resample draws, within each task, as many runs as the task has, with
     * replacement, and applies {@code statistic} to the pooled runs (in task order). Returns one value per resample.
     */
    public static double[] stratifiedBootstrap(List<double[]> tasks, ToDoubleFunction<double[]> statistic,
            int resamples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = tasks.stream().mapToInt(t -> t.length).sum();
        double[] pooled = new double[n];
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int k = 0;
            for (double[] task : tasks) {
                for (int i = 0; i < task.length; i++) {
                    pooled[k++] = task[rng.nextInt(task.length)];
                }
            }
            stats[b] = statistic.applyAsDouble(pooled);
        }
        return stats;
    }

    /** A 95 % percentile interval of {@code statistic} by the stratified bootstrap. */
    public static Interval stratifiedInterval(List<double[]> tasks, ToDoubleFunction<double[]> statistic,
            int resamples, long seed) {
        if (tasks.stream().mapToInt(t -> t.length).sum() == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        return percentileInterval(stratifiedBootstrap(tasks, statistic, resamples, seed));
    }

    /**
     * A 95 % interval of the probability of improvement: each resample redraws the runs of X and of Y within each
     * task independently.
     */
    public static Interval probabilityOfImprovementInterval(List<double[]> x, List<double[]> y, int resamples,
            long seed) {
        if (x.isEmpty()) {
            return new Interval(Double.NaN, Double.NaN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] xs = new double[x.size()][];
        double[][] ys = new double[y.size()][];
        for (int t = 0; t < x.size(); t++) {
            xs[t] = new double[x.get(t).length];
            ys[t] = new double[y.get(t).length];
        }
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0.0;
            for (int t = 0; t < x.size(); t++) {
                resample(x.get(t), xs[t], rng);
                resample(y.get(t), ys[t], rng);
                s += probabilityGreater(xs[t], ys[t]);
            }
            stats[b] = s / x.size();
        }
        return percentileInterval(stats);
    }

    private static void resample(double[] from, double[] into, SplittableRandom rng) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[rng.nextInt(from.length)];
        }
    }
}
