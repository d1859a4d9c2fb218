package org.odetoode.agents;

/**
 * What a run has tallied over all its iterations, kept in its checkpoint so that a resumed run reports the whole run:
 * the evaluations so far, the infeasible candidates and the restarts. Checkpoints written before a field existed read it as
 * unknown (NaN, 0).
 *
 * @param lastEvalReturn the latest evaluation's mean return (NaN before the first)
 * @param bestEvalReturn the highest mean return of the periodic evaluations (NaN before the first)
 * @param bestEvalIteration the iteration of that evaluation (0 before the first)
 * @param infeasibleCandidates evolution-strategy candidates whose weight flow blew up, summed over the iterations
 * @param restarts times an evolution strategy started over from fresh initial parameters ({@code restart-after})
 */
public record RunTotals(double lastEvalReturn, double bestEvalReturn, long bestEvalIteration,
        long infeasibleCandidates, int restarts) {

    /** A run that has not begun. */
    public static final RunTotals NONE = new RunTotals(Double.NaN, Double.NaN, 0, 0, 0);

    /** After the periodic evaluation of iteration {@code it} with mean return {@code mean}. */
    RunTotals evaluated(long it, double mean) {
        boolean best = Double.isNaN(bestEvalReturn) || mean > bestEvalReturn;
        return new RunTotals(mean, best ? mean : bestEvalReturn, best ? it : bestEvalIteration, infeasibleCandidates,
                restarts);
    }

    /** After the final evaluation, which is the latest but not one of the periodic ones. */
    RunTotals finalEvaluated(double mean) {
        return new RunTotals(mean, bestEvalReturn, bestEvalIteration, infeasibleCandidates, restarts);
    }

    /** After an iteration with {@code count} infeasible candidates. */
    RunTotals infeasible(int count) {
        return count == 0 ? this
                : new RunTotals(lastEvalReturn, bestEvalReturn, bestEvalIteration, infeasibleCandidates + count,
                        restarts);
    }

    /** After starting over from fresh initial parameters. */
    RunTotals restarted() {
        return new RunTotals(lastEvalReturn, bestEvalReturn, bestEvalIteration, infeasibleCandidates, restarts + 1);
    }
}
