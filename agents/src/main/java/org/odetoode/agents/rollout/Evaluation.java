package org.odetoode.agents.rollout;

import org.odetoode.agents.internal.Seeds;

/**
 * Noiseless evaluation: the centre θ itself, the observation filter frozen, environment rewards unshifted.
 *
 * @param mean mean return
 * @param std population std of the returns
 * @param min lowest return
 * @param max highest return
 * @param episodes number of episodes
 * @param steps environment steps taken
 */
public record Evaluation(double mean, double std, double min, double max, int episodes, long steps) {

    /** Seed stream of evaluation episodes, apart from training episodes. */
    private static final long EVAL_STREAM = 0x4556414CL;

    /**
     * Runs {@code episodes} episodes of {@code parameters}; episode e resets with a seed derived from
     * ({@code seed}, {@code round}, e).
     */
    public static Evaluation run(RolloutExecutor executor, double[] parameters, MeanStdFilter filter, int episodes,
            long seed, long round) {
        RolloutExecutor.Results r = executor.run(new RolloutExecutor.Batch() {
            @Override
            public int size() {
                return episodes;
            }

            @Override
            public void parameters(int i, double[] out) {
                System.arraycopy(parameters, 0, out, 0, parameters.length);
            }

            @Override
            public long seed(int i) {
                return Seeds.derive(seed, EVAL_STREAM, round, i);
            }
        }, filter, false, 0.0);
        double[] x = r.rawReturns();
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / x.length;
        double var = 0.0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        return new Evaluation(mean, Math.sqrt(var / x.length), min, max, x.length, r.steps());
    }
}
