package org.odetoode.agents.rollout;

import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.es.NoiseTable;

/**
 * Evaluates the candidates of one iteration: in process ({@link #local}), or spread over the members of a cluster
 * ({@code org.odetoode.agents.cluster}). Whoever runs an episode, its result is stored at its candidate's index, so
 * the results, and the run, depend only on the config and seed.
 */
public interface CandidateEvaluator extends AutoCloseable {

    /**
     * Runs every candidate of {@code batch} once.
     *
     * @param filter normalises observations, frozen for the batch
     * @param record whether to record per-candidate observation statistics
     * @param rewardShift subtracted from every step's reward for {@link RolloutExecutor.Results#returns()}
     */
    RolloutExecutor.Results evaluate(CandidateBatch batch, MeanStdFilter filter, boolean record, double rewardShift);

    @Override
    void close();

    /** Opens the evaluator of a run whose own process evaluates on {@code local}. */
    interface Factory {
        CandidateEvaluator open(TrainConfig config, RolloutExecutor local);
    }

    /** The in-process evaluator: every candidate on {@code local}, which its caller closes. */
    static CandidateEvaluator local(TrainConfig config, RolloutExecutor local) {
        return new CandidateEvaluator() {
            @Override
            public RolloutExecutor.Results evaluate(CandidateBatch batch, MeanStdFilter filter, boolean record,
                    double rewardShift) {
                return local.run(batch.episodes(noiseTable(config, batch)), filter, record, rewardShift);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The noise table that {@code batch}'s offsets point into, rebuilt from {@code config}'s noise seed once per
     * process; null when the batch carries dense directions.
     */
    static NoiseTable noiseTable(TrainConfig config, CandidateBatch batch) {
        return batch.offsets() == null ? null : NoiseTable.shared(config.noiseSeed(), config.noiseTableSize());
    }
}
