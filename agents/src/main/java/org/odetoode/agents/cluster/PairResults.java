package org.odetoode.agents.cluster;

import java.io.Serializable;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.wrappers.RunningMeanStd;

/**
 * What a member sends back for the candidates of one task: the {@link RolloutExecutor.Results} fields by candidate,
 * the observation statistics as their exact sums (count −1: not recorded).
 */
record PairResults(double[] returns, double[] rawReturns, int[] lengths, boolean[] infeasible, long[] counts,
        double[][] means, double[][] m2) implements Serializable {

    static PairResults of(RolloutExecutor.Results r) {
        int n = r.returns().length;
        long[] counts = new long[n];
        double[][] means = new double[n][];
        double[][] m2 = new double[n][];
        for (int i = 0; i < n; i++) {
            RunningMeanStd s = r.observations() == null ? null : r.observations()[i];
            counts[i] = s == null ? -1 : s.count();
            means[i] = s == null ? null : s.means();
            m2[i] = s == null ? null : s.sumsOfSquares();
        }
        return new PairResults(r.returns(), r.rawReturns(), r.lengths(), r.infeasible(), counts, means, m2);
    }

    /** Copies these results into {@code out} from candidate {@code first} on. */
    void copyTo(RolloutExecutor.Results out, int first) {
        int n = returns.length;
        System.arraycopy(returns, 0, out.returns(), first, n);
        System.arraycopy(rawReturns, 0, out.rawReturns(), first, n);
        System.arraycopy(lengths, 0, out.lengths(), first, n);
        System.arraycopy(infeasible, 0, out.infeasible(), first, n);
        if (out.observations() != null) {
            for (int i = 0; i < n; i++) {
                out.observations()[first + i] = counts[i] < 0 ? null
                        : RunningMeanStd.ofSums(counts[i], means[i], m2[i]);
            }
        }
    }
}
