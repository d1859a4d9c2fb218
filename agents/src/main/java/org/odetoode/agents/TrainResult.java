package org.odetoode.agents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a training run ended. {@link Trainer#run} also writes it to the run directory's {@value Trainer#RESULT_FILE}.
 *
 * @param status completed its budget, stopped on request (after writing a checkpoint), or failed (diverged)
 * @param failure the failure's one-line message, null unless failed
 * @param iterations completed iterations
 * @param envSteps training environment steps
 * @param wallSeconds training wall time over all sessions
 * @param stepsPerSecond envSteps / wallSeconds
 * @param finalEvalReturn mean return of the final evaluation (NaN when stopped; for a run that diverged, the final
 *     evaluation of its last good checkpoint, NaN if it had none)
 * @param finalEvalStd population std of the final evaluation's returns (NaN when finalEvalReturn is)
 * @param bestEvalReturn the highest mean return of the periodic evaluations (NaN if none ran)
 * @param bestEvalIteration the iteration of that evaluation (0 if none ran)
 * @param infeasibleCandidates evolution-strategy candidates whose weight flow blew up, summed over the run
 * @param restarts times the run started over from fresh initial parameters ({@code restart-after})
 * @param parameters the final policy θ (the last good one for a failed run)
 * @param paramsSha256 SHA-256 of θ as little-endian doubles (of the last good checkpoint's θ, which the final evaluation
 *     scored, for a run that diverged)
 * @param runDir the run directory
 */
public record TrainResult(Status status, String failure, long iterations, long envSteps, double wallSeconds,
        double stepsPerSecond, double finalEvalReturn, double finalEvalStd, double bestEvalReturn,
        long bestEvalIteration, long infeasibleCandidates, int restarts, double[] parameters, String paramsSha256,
        Path runDir) {

    /**
     * Writes {@value Trainer#RESULT_FILE} to the run directory atomically: the status, what ran, the budget spent and
     * the evaluations, for tools that compare runs. Keys are snake_case as in {@code train --json}; unknown numbers
     * are null.
     */
    void write(TrainConfig config) {
        ObjectNode j = CheckpointFile.JSON.createObjectNode();
        j.put("status", status.name().toLowerCase(Locale.ROOT));
        j.put("message", failure);
        j.put("env", config.env());
        j.put("policy", config.policy());
        j.put("agent", config.agent());
        j.put("seed", config.seed());
        j.put("iterations", iterations);
        j.put("env_steps", envSteps);
        j.put("wall_seconds", wallSeconds);
        putNumber(j, "final_eval_return", finalEvalReturn);
        putNumber(j, "final_eval_std", finalEvalStd);
        putNumber(j, "best_eval_return", bestEvalReturn);
        if (Double.isNaN(bestEvalReturn)) {
            j.putNull("best_eval_iteration");
        } else {
            j.put("best_eval_iteration", bestEvalIteration);
        }
        j.put("infeasible_candidates", infeasibleCandidates);
        j.put("restarts", restarts);
        j.put("parameter_count", parameters.length);
        j.put("params_sha256", paramsSha256);
        CheckpointFile.writeAtomically(runDir.resolve(Trainer.RESULT_FILE), j, "result");
    }

    private static void putNumber(ObjectNode j, String key, double value) {
        if (Double.isFinite(value)) {
            j.put(key, value);
        } else {
            j.putNull(key);
        }
    }

    /** Why the run ended. */
    public enum Status {
        COMPLETED, STOPPED, FAILED
    }
}
