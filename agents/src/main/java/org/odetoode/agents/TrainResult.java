package org.odetoode.agents;

import java.nio.file.Path;

/**
 * How a training run ended.
 *
 * @param status completed its budget, or stopped on request (after writing a checkpoint)
 * @param iterations completed iterations
 * @param envSteps training environment steps
 * @param wallSeconds training wall time over all sessions
 * @param stepsPerSecond envSteps / wallSeconds
 * @param finalEvalReturn mean return of the final evaluation (NaN when stopped early)
 * @param parameters the final θ
 * @param paramsSha256 SHA-256 of θ as little-endian doubles
 * @param runDir the run directory
 */
public record TrainResult(Status status, long iterations, long envSteps, double wallSeconds, double stepsPerSecond,
        double finalEvalReturn, double[] parameters, String paramsSha256, Path runDir) {

    /** Why the run ended. */
    public enum Status {
        COMPLETED, STOPPED
    }
}
