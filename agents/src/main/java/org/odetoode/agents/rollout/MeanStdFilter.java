package org.odetoode.agents.rollout;

/**
 * Observation statistics of ARS V2 (Mania et al. 2018, Alg. 2 lines 5 and 8): count, mean and sum of squared
 * deviations M2 per dimension, immutable. Each episode records into its own {@link Accumulator}; after every iteration
 * the master merges them in candidate order (Chan, Golub and LeVeque's parallel formula), so the statistics do not
 * depend on how episodes were spread over threads. During an iteration, and in evaluation, the filter is frozen.
 *
 * <p>It keeps M2 itself (not the variance) so a checkpoint restores it bit for bit.
 */
public record MeanStdFilter(long count, double[] mean, double[] m2) {

    /** A dimension whose std is below this is centred but not scaled. */
    static final double STD_FLOOR = 1e-8;

    /** No observations yet: the identity. */
    public static MeanStdFilter empty(int dimension) {
        return new MeanStdFilter(0, new double[dimension], new double[dimension]);
    }

    public int dimension() {
        return mean.length;
    }

    /** This filter with {@code batch} merged in; a null batch (an episode that did not run) changes nothing. */
    public MeanStdFilter merge(Accumulator batch) {
        if (batch == null || batch.count == 0) {
            return this;
        }
        long total = count + batch.count;
        double wb = (double) batch.count / total;
        double[] mu = mean.clone();
        double[] s = m2.clone();
        for (int i = 0; i < mu.length; i++) {
            double delta = batch.mean[i] - mu[i];
            mu[i] += delta * wb;
            s[i] += batch.m2[i] + delta * delta * count * wb;
        }
        return new MeanStdFilter(total, mu, s);
    }

    /** The centring offsets (the means; 0 when empty). */
    public double[] shift() {
        return mean.clone();
    }

    /** The scaling factors 1/std per dimension (1 when empty or when the std is below {@value #STD_FLOOR}). */
    public double[] inverseStd() {
        double[] inv = new double[mean.length];
        for (int i = 0; i < inv.length; i++) {
            double std = count == 0 ? 1.0 : Math.sqrt(m2[i] / count);
            inv[i] = std < STD_FLOOR ? 1.0 : 1.0 / std;
        }
        return inv;
    }

    /** A worker's running statistics of the observations of one episode (Welford's update), mutable. */
    public static final class Accumulator {
        long count;
        final double[] mean;
        final double[] m2;

        public Accumulator(int dimension) {
            mean = new double[dimension];
            m2 = new double[dimension];
        }

        /** Adds one observation. */
        public void push(double[] x) {
            count++;
            double inverse = 1.0 / count;
            for (int i = 0; i < mean.length; i++) {
                double delta = x[i] - mean[i];
                mean[i] += delta * inverse;
                m2[i] += delta * (x[i] - mean[i]);
            }
        }
    }
}
