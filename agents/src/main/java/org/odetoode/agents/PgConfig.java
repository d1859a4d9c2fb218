package org.odetoode.agents;

import java.util.Locale;

/**
 * The policy-gradient part of a {@link TrainConfig}: the keys of {@code ppo} and {@code reinforce} that no evolution
 * strategy reads. Resolved and validated by {@link TrainConfig#resolve} with every other key; for an evolution
 * strategy it holds the defaults and is not used. CleanRL's names (ppo.py, ppo_continuous_action.py), kebab-case.
 *
 * @param numEnvs environments stepped side by side (reinforce: episodes per iteration, one per environment)
 * @param numSteps steps per environment per iteration (ppo; 0 for reinforce, whose episodes run to their end)
 * @param gamma discount γ in (0, 1]
 * @param gaeLambda GAE λ in [0, 1] (ppo; 1 for reinforce)
 * @param numMinibatches minibatches per epoch, dividing num-envs × num-steps (ppo; 1 for reinforce)
 * @param updateEpochs passes over the batch per iteration (ppo; 1 for reinforce)
 * @param clipCoef the surrogate's clip ε and the value clip (ppo; +∞ for reinforce: nothing is clipped)
 * @param clipVloss clip the value loss around the old values (ppo; false for reinforce)
 * @param entCoef entropy bonus coefficient
 * @param vfCoef value-loss coefficient
 * @param maxGradNorm global gradient-norm clip; 0 = none
 * @param normAdv normalise advantages per minibatch (mean 0, std 1)
 * @param annealLr learning rate falls linearly to 0 over the budget
 * @param targetKl stop an iteration's epochs once the approximate KL exceeds it (ppo); NaN = none
 * @param logStdInit initial log σ of the Gaussian head (Box)
 * @param rewardScaling divide rewards by the running std of the discounted return (CleanRL's NormalizeReward)
 * @param rewardClip clip the scaled rewards to ±this; 0 = no clip
 */
public record PgConfig(int numEnvs, int numSteps, double gamma, double gaeLambda, int numMinibatches,
        int updateEpochs, double clipCoef, boolean clipVloss, double entCoef, double vfCoef, double maxGradNorm,
        boolean normAdv, boolean annealLr, double targetKl, double logStdInit, RewardScaling rewardScaling,
        double rewardClip) {

    /** How rewards are scaled before the advantages are computed. */
    public enum RewardScaling {
        /** Environment rewards as they are. */
        NONE,
        /** r / std of the running discounted return (statistics frozen during a rollout). */
        RETURN_STD;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Steps per ppo iteration: num-envs × num-steps. */
    public int batchSize() {
        return numEnvs * numSteps;
    }

    /** Rows per ppo minibatch. */
    public int minibatchSize() {
        return batchSize() / numMinibatches;
    }

    /** Whether target-kl is set. */
    public boolean hasTargetKl() {
        return !Double.isNaN(targetKl);
    }
}
