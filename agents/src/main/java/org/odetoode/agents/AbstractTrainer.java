package org.odetoode.agents;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.odetoode.agents.rollout.Evaluation;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.RolloutExecutor;

/**
 * What every {@link Trainer} holds and does alike: the resolved config, the run directory, the checkpoint the run
 * starts from (the initial state of a new run, or the saved state of a resumed one), the stop flag that
 * {@link #requestStop()} sets from any thread, the budget, the common per-iteration metrics, the evaluations and the
 * result.
 *
 * @param <C> the trainer's checkpoint type
 */
abstract class AbstractTrainer<C> implements Trainer {
    protected final TrainConfig config;
    protected final Path runDir;
    protected final C start;
    private volatile boolean stopRequested;

    AbstractTrainer(TrainConfig config, Path runDir, C start) {
        this.config = config;
        this.runDir = runDir;
        this.start = start;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }

    /** True once a stop was requested or the training thread was interrupted (Ctrl-C). */
    protected boolean stopRequested() {
        return stopRequested || Thread.currentThread().isInterrupted();
    }

    /** True once the iteration or env-step budget (whichever is set) is spent. */
    protected boolean budgetSpent(long iteration, long envSteps) {
        return (config.iterations() > 0 && iteration >= config.iterations())
                || (config.maxEnvSteps() > 0 && envSteps >= config.maxEnvSteps());
    }

    /** A new metrics map for iteration {@code it}, starting with the counters every trainer reports. */
    protected static Map<String, Double> progress(long it, long envSteps, long episodes) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("charts/iteration", (double) it);
        m.put("charts/env_steps", (double) envSteps);
        m.put("charts/episodes", (double) episodes);
        return m;
    }

    /** True when iteration {@code it} evaluates the policy (every {@code eval-every} iterations). */
    protected boolean evaluationDue(long it) {
        return config.evalEvery() > 0 && it % config.evalEvery() == 0;
    }

    /**
     * Evaluates {@code parameters} on {@code eval-episodes} noiseless episodes with the frozen {@code filter}, puts
     * {@code eval/return_mean} and {@code eval/return_std} into {@code m}, and returns the mean.
     */
    protected double evaluate(RolloutExecutor executor, double[] parameters, MeanStdFilter filter, long it,
            Map<String, Double> m) {
        Evaluation e = Evaluation.run(executor, parameters, filter, config.evalEpisodes(), config.seed(), it);
        m.put("eval/return_mean", e.mean());
        m.put("eval/return_std", e.std());
        return e.mean();
    }

    /** The final evaluation on {@code final-eval-episodes} episodes, reported as the run's summary; returns the mean. */
    protected double finalEvaluation(RolloutExecutor executor, double[] parameters, MeanStdFilter filter,
            MetricsSink sink, long envSteps, double wall) {
        Evaluation e = Evaluation.run(executor, parameters, filter, config.finalEvalEpisodes(), config.seed(), -1);
        sink.summary(Map.of("eval/final_return_mean", e.mean(), "eval/final_return_std", e.std(),
                "charts/env_steps", envSteps, "charts/wall_seconds", wall));
        return e.mean();
    }

    /** The run's result for the policy {@code parameters} (copied), with their SHA-256. */
    protected TrainResult result(boolean stopped, long iteration, long envSteps, double wall, double finalEval,
            double[] parameters) {
        return new TrainResult(stopped ? TrainResult.Status.STOPPED : TrainResult.Status.COMPLETED, iteration,
                envSteps, wall, envSteps / Math.max(wall, 1e-9), finalEval, parameters.clone(),
                Checkpoint.sha256(parameters), runDir);
    }
}
