package org.odetoode.agents.rollout;

import org.odetoode.envs.wrappers.RunningMeanStd;

/**
 * Observation statistics of ARS V2 (Mania et al. 2018, Alg. 2 lines 5 and 8): count, mean and sum of squared
 * deviations M2 per dimension, immutable. Each episode records into its own {@link RunningMeanStd}; after every
 * iteration the master merges them in candidate order (Chan, Golub and LeVeque's parallel formula), so the statistics
 * do not depend on how episodes were spread over threads. During an iteration, and in evaluation, the filter is frozen.
 *
 * <p>It keeps M2 itself (not the variance) so a checkpoint restores it bit for bit.
 */
public record MeanStdFilter(long count, double[] mean, double[] m2) implements java.io.Serializable {

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
    public MeanStdFilter merge(RunningMeanStd batch) {
        if (batch == null || batch.count() == 0) {
            return this;
        }
        RunningMeanStd merged = RunningMeanStd.ofSums(count, mean, m2);
        merged.merge(batch);
        return new MeanStdFilter(merged.count(), merged.means(), merged.sumsOfSquares());
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

    /**
     * (raw − shift) ⊙ scale, a new array: an observation as the policy sees it, with {@link #shift} and
     * {@link #inverseStd} computed once by the caller.
     */
    public static double[] normalise(double[] raw, double[] shift, double[] scale) {
        double[] o = new double[raw.length];
        normalise(raw, shift, scale, o);
        return o;
    }

    /** {@link #normalise(double[], double[], double[])} into {@code out}: the rollouts' loops allocate nothing. */
    public static void normalise(double[] raw, double[] shift, double[] scale, double[] out) {
        for (int j = 0; j < raw.length; j++) {
            out[j] = (raw[j] - shift[j]) * scale[j];
        }
    }
}
