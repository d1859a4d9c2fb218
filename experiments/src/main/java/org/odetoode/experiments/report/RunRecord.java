package org.odetoode.experiments.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One run directory as the report sees it: what ran, how it ended, its final numbers and its training history.
 *
 * @param dir the run directory
 * @param name the cell's name: the directory name
 * @param env the environment id
 * @param label the policy label the report groups by
 * @param policy the config's policy name
 * @param group restricted, unrestricted or baseline, from the policy name
 * @param agent the training agent
 * @param seed the run seed
 * @param status completed, stopped, failed or incomplete
 * @param message why a cell is not completed (empty when it is)
 * @param iterations iterations run
 * @param envSteps environment steps taken
 * @param wallSeconds training wall time
 * @param finalReturn the final evaluation's mean return (NaN if none)
 * @param finalStd the final evaluation's standard deviation (NaN if none)
 * @param bestReturn the best periodic evaluation return (NaN if none)
 * @param infeasibleCandidates infeasible ES candidates over the whole run
 * @param parameterCount the policy network's parameter count (-1 if unknown)
 * @param source where the final numbers came from: result.json, or wandb-summary.json with config.yaml
 * @param history the merged tracker history, one row per iteration in step order
 */
public record RunRecord(Path dir, String name, String env, String label, String policy, Group group, String agent,
        long seed, String status, String message, long iterations, long envSteps, double wallSeconds,
        double finalReturn, double finalStd, double bestReturn, long infeasibleCandidates, long parameterCount,
        String source, List<HistoryRow> history) {

    /** Status of a cell whose final evaluation is in. */
    public static final String COMPLETED = "completed";

    /** Which side of the paper's comparison a policy is on. */
    public enum Group {
        /** ODEtoODE with a flow on O(d) (iso or gated). */
        RESTRICTED,
        /** ODEtoODE with an unconstrained flow. */
        UNRESTRICTED,
        /** Any other network. */
        BASELINE;

        /** The group of a config's policy name. */
        static Group of(String policy) {
            return switch (policy) {
                case "odetoode" -> RESTRICTED;
                case "odetoode-unrestricted" -> UNRESTRICTED;
                default -> BASELINE;
            };
        }

        /** Lower case, for files and JSON. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One logged iteration.
     *
     * @param step the tracker step (the iteration)
     * @param envSteps environment steps so far (NaN if not logged)
     * @param evalReturn the periodic evaluation's mean return (NaN when not evaluated this iteration)
     * @param trainReturn the mean training return of the iteration (NaN if none finished)
     * @param infeasible infeasible candidates this iteration (NaN if not logged)
     * @param drift the orthogonality drift max_k ||W_k^T W_k - I||_F (NaN if not logged)
     */
    public record HistoryRow(long step, double envSteps, double evalReturn, double trainReturn, double infeasible,
            double drift) {
    }

    /** Whether the cell finished with a final evaluation and so enters the statistics. */
    public boolean completed() {
        return COMPLETED.equals(status) && Double.isFinite(finalReturn);
    }
}
