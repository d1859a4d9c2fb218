package org.odetoode.envs.golden;

/**
 * How closely one env id reproduced its reference episodes.
 *
 * @param envId the environment id
 * @param episodes episodes replayed
 * @param steps steps replayed over all episodes
 * @param maxObservationError the largest absolute difference of any observation component
 * @param maxRewardError the largest absolute difference of any reward
 * @param flagMismatches steps whose terminated flag differs, plus steps whose truncated flag differs
 */
public record GoldenResult(String envId, int episodes, int steps, double maxObservationError, double maxRewardError,
                           int flagMismatches) {

    /**
     * True when the errors are within {@link GoldenReplay#OBSERVATION_TOLERANCE} and
     * {@link GoldenReplay#REWARD_TOLERANCE} and no flag differs; a NaN error fails.
     */
    public boolean matches() {
        return maxObservationError <= GoldenReplay.OBSERVATION_TOLERANCE
                && maxRewardError <= GoldenReplay.REWARD_TOLERANCE
                && flagMismatches == 0;
    }
}
