package org.odetoode.envs.wrappers;

import java.util.Arrays;

/**
 * Per-dimension count, mean and variance of a stream of vectors, mergeable across workers.
 *
 * <p>Single vectors are added with Welford's update; two statistics combine with the parallel formula of
 * Chan, Golub and LeVeque (1979): for counts n_a, n_b, means and sums of squared deviations M2,
 * {@code delta = mean_b - mean_a}, {@code mean = mean_a + delta n_b / n},
 * {@code M2 = M2_a + M2_b + delta^2 n_a n_b / n}. Merging is exact up to rounding, so ES workers can each
 * record their own observations and the master combines them (in a fixed order for reproducible results).
 *
 * <p>The variance is the population variance (NumPy's {@code var}). Unlike Gymnasium's pseudo-count of 1e-4,
 * an empty statistic is the identity of {@link #merge}; it reports mean 0 and variance 1. Not thread-safe.
 */
public final class RunningMeanStd {
    private long count;
    private final double[] mean;
    private final double[] m2;

    /** An empty statistic over vectors of {@code dimension} values. */
    public RunningMeanStd(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("RunningMeanStd needs dimension >= 1, got " + dimension);
        }
        mean = new double[dimension];
        m2 = new double[dimension];
    }

    /**
     * A statistic from its moments, e.g. received from another worker.
     *
     * @param variance population variances, one per dimension
     */
    public static RunningMeanStd of(long count, double[] mean, double[] variance) {
        if (count < 0 || mean.length != variance.length) {
            throw new IllegalArgumentException("RunningMeanStd.of needs count >= 0 and as many variances as means, got"
                    + " count " + count + ", " + mean.length + " means, " + variance.length + " variances");
        }
        RunningMeanStd s = new RunningMeanStd(mean.length);
        s.count = count;
        for (int i = 0; i < mean.length; i++) {
            s.mean[i] = mean[i];
            s.m2[i] = variance[i] * count;
        }
        return s;
    }

    /**
     * A statistic from its exact state, e.g. restored from a checkpoint: unlike {@link #of} nothing is recomputed, so
     * the result is bit for bit the statistic that {@link #sumsOfSquares()} was read from.
     *
     * @param m2 per-dimension sums of squared deviations from the mean
     */
    public static RunningMeanStd ofSums(long count, double[] mean, double[] m2) {
        if (count < 0 || mean.length != m2.length) {
            throw new IllegalArgumentException("RunningMeanStd.ofSums needs count >= 0 and as many sums as means, got"
                    + " count " + count + ", " + mean.length + " means, " + m2.length + " sums");
        }
        RunningMeanStd s = new RunningMeanStd(mean.length);
        s.count = count;
        System.arraycopy(mean, 0, s.mean, 0, mean.length);
        System.arraycopy(m2, 0, s.m2, 0, m2.length);
        return s;
    }

    /** Adds one vector. */
    public void push(double[] x) {
        requireDimension(x.length);
        count++;
        double inverse = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[i] - mean[i];
            mean[i] += delta * inverse;
            m2[i] += delta * (x[i] - mean[i]);
        }
    }

    /** Adds everything {@code other} has seen; {@code other} is unchanged. */
    public void merge(RunningMeanStd other) {
        requireDimension(other.mean.length);
        if (other.count == 0) {
            return;
        }
        long total = count + other.count;
        double wb = (double) other.count / total;
        for (int i = 0; i < mean.length; i++) {
            double delta = other.mean[i] - mean[i];
            mean[i] += delta * wb;
            m2[i] += other.m2[i] + delta * delta * count * wb;
        }
        count = total;
    }

    /** Replaces this statistic by a copy of {@code other}. */
    public void set(RunningMeanStd other) {
        requireDimension(other.mean.length);
        count = other.count;
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.m2, 0, m2, 0, m2.length);
    }

    /** Forgets everything. */
    public void clear() {
        count = 0;
        Arrays.fill(mean, 0.0);
        Arrays.fill(m2, 0.0);
    }

    public RunningMeanStd copy() {
        RunningMeanStd c = new RunningMeanStd(mean.length);
        c.set(this);
        return c;
    }

    public int dimension() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Mean of dimension {@code i}; 0 when empty. */
    public double mean(int i) {
        return mean[i];
    }

    /** Population variance of dimension {@code i}; 1 when empty. */
    public double variance(int i) {
        return count == 0 ? 1.0 : m2[i] / count;
    }

    /** All means, a copy. */
    public double[] means() {
        return mean.clone();
    }

    /** The per-dimension sums of squared deviations M2 (variance = M2 / count), a copy. */
    public double[] sumsOfSquares() {
        return m2.clone();
    }

    /** All variances, a copy. */
    public double[] variances() {
        double[] v = new double[mean.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = variance(i);
        }
        return v;
    }

    private void requireDimension(int n) {
        if (n != mean.length) {
            throw new IllegalArgumentException("RunningMeanStd has dimension " + mean.length + ", got a vector of " + n);
        }
    }

    @Override
    public String toString() {
        return "RunningMeanStd(count=" + count + ", mean=" + Arrays.toString(mean) + ", var="
                + Arrays.toString(variances()) + ")";
    }
}
