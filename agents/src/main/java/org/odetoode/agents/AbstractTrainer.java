package org.odetoode.agents;

import java.nio.file.Files;
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
    /** Where the run stands after its latest completed iteration, for the result of a run that fails. */
    private Reached reached;

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

    /** Trains; {@link #run} writes the result. */
    protected abstract TrainResult train(MetricsSink sink);

    @Override
    public final TrainResult run(MetricsSink sink) {
        TrainResult r;
        try {
            r = train(sink);
        } catch (RuntimeException | Error e) {
            if (reached != null) {
                try {
                    failed(e).write(config);
                } catch (RuntimeException | Error again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        r.write(config);
        return r;
    }

    /**
     * Records where the run stands: after iteration {@code iteration} (or at the start of a session) with
     * {@code parameters} as its policy θ, which the trainer never modifies afterwards.
     */
    protected void reached(long iteration, long envSteps, double wall, RunTotals totals, double[] parameters) {
        reached = new Reached(iteration, envSteps, wall, System.nanoTime(), totals, parameters);
    }

    /**
     * The result of a run that threw {@code e}. A run that diverged is still scored: its last good checkpoint, the
     * policy it leaves, gets the final evaluation (the episodes {@code odetoode eval --run DIR} repeats), so that a
     * comparison counts a method whose training blows up instead of dropping its runs.
     */
    private TrainResult failed(Throwable e) {
        Reached at = reached;
        double wall = at.wall + (System.nanoTime() - at.nanos) * 1e-9;
        String message = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).replace('\n', ' ');
        double finalMean = Double.NaN;
        double finalStd = Double.NaN;
        String sha = Checkpoint.sha256(at.parameters);
        if (e instanceof TrainingDivergedException && Files.isRegularFile(runDir.resolve(Checkpoint.FILE))) {
            Trainer.SavedPolicyEvaluation saved = Trainer.evaluate(runDir, null, null, config.threads());
            finalMean = saved.evaluation().mean();
            finalStd = saved.evaluation().std();
            sha = saved.paramsSha256();
        }
        return new TrainResult(TrainResult.Status.FAILED, message, at.iteration, at.envSteps, wall,
                at.envSteps / Math.max(wall, 1e-9), finalMean, finalStd, at.totals.bestEvalReturn(),
                at.totals.bestEvalIteration(), at.totals.infeasibleCandidates(), at.totals.restarts(),
                at.parameters.clone(), sha, runDir);
    }

    private record Reached(long iteration, long envSteps, double wall, long nanos, RunTotals totals,
            double[] parameters) {
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
     * {@code eval/return_mean} and {@code eval/return_std} into {@code m}, and returns the totals with it.
     */
    protected RunTotals evaluate(RolloutExecutor executor, double[] parameters, MeanStdFilter filter, long it,
            Map<String, Double> m, RunTotals totals) {
        Evaluation e = Evaluation.run(executor, parameters, filter, config.evalEpisodes(), config.seed(), it);
        m.put("eval/return_mean", e.mean());
        m.put("eval/return_std", e.std());
        return totals.evaluated(it, e.mean());
    }

    /**
     * The final evaluation on {@code final-eval-episodes} episodes seeded from the run's seed
     * ({@link Trainer#FINAL_EVALUATION_ROUND}), reported as the run's summary.
     */
    protected Evaluation finalEvaluation(RolloutExecutor executor, double[] parameters, MeanStdFilter filter,
            MetricsSink sink, long envSteps, double wall) {
        Evaluation e = Evaluation.run(executor, parameters, filter, config.finalEvalEpisodes(), config.seed(),
                Trainer.FINAL_EVALUATION_ROUND);
        sink.summary(Map.of("eval/final_return_mean", e.mean(), "eval/final_return_std", e.std(),
                "charts/env_steps", envSteps, "charts/wall_seconds", wall));
        return e;
    }

    /** The run's result for the policy {@code parameters} (copied), with their SHA-256; {@code finalEval} null if stopped. */
    protected TrainResult result(Evaluation finalEval, long iteration, long envSteps, double wall, RunTotals totals,
            double[] parameters) {
        return new TrainResult(finalEval == null ? TrainResult.Status.STOPPED : TrainResult.Status.COMPLETED, null,
                iteration, envSteps, wall, envSteps / Math.max(wall, 1e-9),
                finalEval == null ? Double.NaN : finalEval.mean(), finalEval == null ? Double.NaN : finalEval.std(),
                totals.bestEvalReturn(), totals.bestEvalIteration(), totals.infeasibleCandidates(), totals.restarts(),
                parameters.clone(), Checkpoint.sha256(parameters), runDir);
    }
}
