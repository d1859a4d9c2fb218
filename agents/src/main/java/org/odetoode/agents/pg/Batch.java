package org.odetoode.agents.pg;

import org.hipparchus.util.MathArrays;

/**
 * One iteration's experience, flattened environment by environment (rows of environment 0 first, oldest first).
 *
 * @param observations the observations the policy saw (normalised with the rollout's frozen filter)
 * @param samples what was drawn: the action index, or the unsquashed Gaussian draw
 * @param logProbabilities log π_old(sample | observation) at the rollout's θ
 * @param values V_old(observation) at the rollout's θ
 * @param advantages advantage estimates (GAE for ppo; return-to-go minus V_old for reinforce)
 * @param returns value targets (advantage + V_old for ppo; the return-to-go for reinforce)
 */
public record Batch(double[][] observations, double[][] samples, double[] logProbabilities, double[] values,
        double[] advantages, double[] returns) {

    /** Number of rows. */
    public int size() {
        return values.length;
    }

    /** The rows in order, 0 .. size − 1. */
    public int[] identity() {
        return MathArrays.natural(size());
    }

    /** A uniform random order of the rows (Fisher–Yates), for one epoch's minibatches. */
    public int[] permutation(org.odetoode.envs.Rng rng) {
        int[] a = identity();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /**
     * Explained variance of the value predictions, 1 − Var(returns − values) / Var(returns); NaN when the returns do
     * not vary.
     */
    public double explainedVariance() {
        int n = size();
        double meanY = 0.0;
        double meanD = 0.0;
        for (int i = 0; i < n; i++) {
            meanY += returns[i];
            meanD += returns[i] - values[i];
        }
        meanY /= n;
        meanD /= n;
        double varY = 0.0;
        double varD = 0.0;
        for (int i = 0; i < n; i++) {
            double y = returns[i] - meanY;
            double dd = returns[i] - values[i] - meanD;
            varY += y * y;
            varD += dd * dd;
        }
        return varY == 0.0 ? Double.NaN : 1.0 - varD / varY;
    }
}
