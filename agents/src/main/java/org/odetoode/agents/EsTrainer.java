package org.odetoode.agents;

import java.nio.file.Path;
import java.util.Map;
import org.odetoode.agents.es.EsState;
import org.odetoode.agents.es.Population;
import org.odetoode.agents.es.Strategies;
import org.odetoode.agents.es.Strategy;
import org.odetoode.agents.internal.Seeds;
import org.odetoode.agents.rollout.CandidateBatch;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.Evaluation;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.ObservationFilter;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.Env;
import org.odetoode.envs.wrappers.RunningMeanStd;
import org.odetoode.modules.diagnostics.Stats;
import org.odetoode.modules.policy.Policy;

/**
 * Trains a policy with an evolution strategy, top to bottom (after CleanRL's one-file trainers): config and run
 * directory, setup, the ask → rollouts → tell loop, evaluation, checkpoints, metrics.
 *
 * <p>Reproducibility: every random draw derives from (seed, iteration, index) and every reduction runs in candidate
 * order, so the final parameters depend only on the config, never on {@code threads}; a run stopped and resumed
 * from its checkpoint ends with the same parameters, bit for bit, as one that ran straight through.
 *
 * <p>Failures: a non-finite return or parameter stops the run with a {@link TrainingDivergedException} naming the
 * iteration, without writing a checkpoint (the last good one stays). A candidate whose weight flow blows up (an
 * unrestricted flow can) is not a failure of the run: it is infeasible, scores NaN and ranks last
 * ({@code charts/infeasible_candidates} counts them); only a centre that blows up, or a whole population, stops it.
 *
 * <p>Run directory: {@code config.yaml} (the resolved config) and {@code checkpoint.json} (written atomically every
 * {@code checkpoint-every} iterations, at the end, and on {@link #requestStop()}); see {@link Trainer}.
 */
public final class EsTrainer extends AbstractTrainer<Checkpoint> {
    private static final long SAMPLE_STREAM = 0x53414D50L;
    private static final long EPISODE_STREAM = 0x45504953L;

    /** Where the candidates of an iteration run: in process unless {@link #distribute} says otherwise. */
    private CandidateEvaluator.Factory evaluators = CandidateEvaluator::local;

    private EsTrainer(TrainConfig config, Path runDir, Checkpoint start) {
        super(config, runDir, start);
    }

    @Override
    public void distribute(CandidateEvaluator.Factory evaluators) {
        this.evaluators = evaluators;
    }

    // ---- run directory: new, forced, or resumed -------------------------------------------------------------

    /**
     * A new run in {@code runDir}, which must not exist or be empty unless {@code force} (then the previous run's
     * config and checkpoint are replaced). Checks that the env and policy fit before touching the disk.
     */
    public static EsTrainer create(TrainConfig config, Path runDir, boolean force) {
        Policy policy;
        try (Env env = Trainer.makeEnv(config)) {
            policy = Trainer.rolloutPolicy(config, env);
        }
        Strategy strategy = Strategies.create(config);
        RunDirectory.prepare(config, runDir, force, policy.network().parameterCount());
        EsState state = strategy.init(policy.network().parameters());
        MeanStdFilter filter = MeanStdFilter.empty(policy.network().inputSize());
        return new EsTrainer(config, runDir, new Checkpoint(0, 0, 0, 0.0, RunTotals.NONE, state, filter));
    }

    /** Continues the run in {@code runDir}, whose config {@link Trainer#resume} resolved, from its checkpoint. */
    static EsTrainer resume(TrainConfig config, Path runDir) {
        Checkpoint checkpoint = Checkpoint.read(runDir);
        RunDirectory.write(config, runDir, checkpoint.state().parameters().length);
        return new EsTrainer(config, runDir, checkpoint);
    }

    // ---- training --------------------------------------------------------------------------------------------

    @Override
    protected TrainResult train(MetricsSink sink) {
        // TRY NOT TO MODIFY: setup
        Strategy strategy = Strategies.create(config);
        int threads = Trainer.threads(config.threads());
        boolean recordObservations = config.observationFilter() == ObservationFilter.MEAN_STD;
        long sessionStart = System.nanoTime();

        EsState state = start.state();
        MeanStdFilter filter = start.filter();
        long iteration = start.iteration();
        long envSteps = start.envSteps();
        long episodes = start.episodes();
        RunTotals totals = start.totals();
        Checkpoint last = start;
        boolean stopped = false;
        reached(iteration, envSteps, start.wallSeconds(), totals, state.parameters());
        try (Rollouts rollouts = new Rollouts(config.restart(totals.restarts()), threads, evaluators)) {
            while (!budgetSpent(iteration, envSteps)) {
                if (stopRequested()) {
                    stopped = true;
                    break;
                }
                long t0 = System.nanoTime();
                long it = iteration + 1;
                // ALGO LOGIC: ask, evaluate every candidate on its own seeded episode, tell
                Population population = strategy.ask(state, Seeds.derive(config.seed(), SAMPLE_STREAM, it, 0));
                Policy policy = rollouts.policy;
                RolloutExecutor executor = rollouts.executor;
                RolloutExecutor.Results results = rollouts.candidates.evaluate(candidates(population, it), filter,
                        recordObservations, config.rewardShift());
                int infeasible = checkReturns(it, results, last);
                Strategy.Told told = strategy.tell(state, population, results.returns());
                checkFinite(it, told.state().parameters(), "parameter", last);
                checkCentre(it, policy, told.state().parameters(), last);
                state = told.state();
                if (recordObservations) {
                    for (RunningMeanStd a : results.observations()) {
                        filter = filter.merge(a);
                    }
                }
                iteration = it;
                envSteps += results.steps();
                episodes += population.size();
                totals = totals.infeasible(infeasible);

                // TRY NOT TO MODIFY: metrics, evaluation, checkpoints
                double seconds = (System.nanoTime() - t0) * 1e-9;
                double wall = start.wallSeconds() + (System.nanoTime() - sessionStart) * 1e-9;
                Map<String, Double> m = progress(it, envSteps, episodes);
                putStats(m, results);
                m.put("charts/infeasible_candidates", (double) infeasible);
                m.put("charts/best_return", state.bestFitness());
                m.put("charts/steps_per_second", results.steps() / seconds);
                m.put("charts/wall_seconds", wall);
                m.put("losses/update_norm", told.updateNorm());
                m.put("losses/gradient_norm", Stats.norm(told.gradient()));
                Metrics.orthogonalityDrift(policy, m);
                if (evaluationDue(it)) {
                    totals = evaluate(executor, state.parameters(), filter, it, m, totals);
                }
                if (restartDue(it, envSteps, totals)) {
                    double check = evaluationDue(it) ? totals.lastEvalReturn()
                            : Evaluation.run(executor, state.parameters(), filter, config.evalEpisodes(), config.seed(),
                                    it).mean();
                    m.put("charts/restart_check_return", check);
                    if (check < config.restartBelow()) {
                        totals = totals.restarted();
                        rollouts.reopen(config.restart(totals.restarts()));
                        state = strategy.init(rollouts.policy.network().parameters());
                    }
                }
                if (config.restartAfter() > 0) {
                    m.put("charts/restarts", (double) totals.restarts());
                }
                reached(it, envSteps, wall, totals, state.parameters());
                sink.log(it, m);
                if (config.checkpointEvery() > 0 && it % config.checkpointEvery() == 0) {
                    last = new Checkpoint(it, envSteps, episodes, wall, totals, state, filter);
                    last.write(runDir);
                }
            }
            double wall = start.wallSeconds() + (System.nanoTime() - sessionStart) * 1e-9;
            Evaluation finalEval = null;
            if (!stopped) {
                finalEval = finalEvaluation(rollouts.executor, state.parameters(), filter, sink, envSteps, wall);
                totals = totals.finalEvaluated(finalEval.mean());
            }
            new Checkpoint(iteration, envSteps, episodes, wall, totals, state, filter).write(runDir);
            return result(finalEval, iteration, envSteps, wall, totals, state.parameters());
        }
    }

    /**
     * The policy, its rollout executor and the candidates' evaluator, for the network of the config they were opened
     * with; a restart reopens them for the restart's network (another W_0 and initial parameters).
     */
    private static final class Rollouts implements AutoCloseable {
        private final int threads;
        private final CandidateEvaluator.Factory evaluators;
        private Policy policy;
        private RolloutExecutor executor;
        private CandidateEvaluator candidates;

        Rollouts(TrainConfig network, int threads, CandidateEvaluator.Factory evaluators) {
            this.threads = threads;
            this.evaluators = evaluators;
            open(network);
        }

        private void open(TrainConfig network) {
            try (Env probe = Trainer.makeEnv(network)) {
                policy = Trainer.rolloutPolicy(network, probe);
            }
            executor = new RolloutExecutor(threads, () -> Trainer.makeEnv(network), policy);
            candidates = evaluators.open(network, executor);
        }

        void reopen(TrainConfig network) {
            close();
            open(network);
        }

        @Override
        public void close() {
            try (RolloutExecutor e = executor; CandidateEvaluator c = candidates) {
                // closes both, the evaluator first
            }
        }
    }

    /**
     * Whether iteration {@code it} checks for a restart: {@code restart-after} iterations after the start or the last
     * restart, with at least as many left in the budget (for an env-step budget, at the steps per iteration so far),
     * since a network that starts over needs them. A check that passes is the last one, so restarts happen at
     * multiples of restart-after and the count in the checkpoint is all a resumed run needs.
     */
    private boolean restartDue(long it, long envSteps, RunTotals totals) {
        if (config.restartAfter() == 0 || it != (totals.restarts() + 1L) * config.restartAfter()) {
            return false;
        }
        long left = config.iterations() > 0 ? config.iterations() - it : Long.MAX_VALUE;
        if (config.maxEnvSteps() > 0) {
            left = Math.min(left, (config.maxEnvSteps() - envSteps) * it / Math.max(envSteps, 1));
        }
        return left >= config.restartAfter();
    }

    /** The antithetic candidates of iteration {@code it}; both members of a pair reset with the same seed. */
    private CandidateBatch candidates(Population population, long it) {
        long[] seeds = new long[population.size() / 2];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = Seeds.derive(config.seed(), EPISODE_STREAM, it, k);
        }
        return CandidateBatch.of(population, seeds);
    }

    /**
     * Stops the run on a non-finite return of a candidate that ran (an environment or policy fault) or when no
     * candidate could run; returns the number of infeasible candidates, whose NaN fitness ranks last.
     */
    private int checkReturns(long it, RolloutExecutor.Results results, Checkpoint last) {
        int infeasible = 0;
        for (int i = 0; i < results.returns().length; i++) {
            if (results.infeasible()[i]) {
                infeasible++;
            } else if (!Double.isFinite(results.returns()[i])) {
                throw diverged(it, "return of candidate " + i + " is " + results.returns()[i], last);
            }
        }
        if (infeasible == results.returns().length) {
            throw diverged(it, "the network of every candidate diverged", last);
        }
        return infeasible;
    }

    private void checkFinite(long it, double[] values, String what, Checkpoint last) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw diverged(it, what + " " + i + " is " + values[i], last);
            }
        }
    }

    /** Loads the new centre into the master policy (for diagnostics); a centre whose weight flow blows up stops the run. */
    private void checkCentre(long it, Policy policy, double[] theta, Checkpoint last) {
        try {
            policy.network().setParameters(theta);
        } catch (ArithmeticException e) {
            throw diverged(it, "the network of the new centre diverged (" + e.getMessage() + ")", last);
        }
    }

    private TrainingDivergedException diverged(long it, String what, Checkpoint last) {
        return TrainingDivergedException.at(it, what, runDir, last.iteration());
    }

    /** Mean, max and min of the returns of the candidates that ran. */
    private static void putStats(Map<String, Double> m, RolloutExecutor.Results results) {
        double sum = 0.0;
        int n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < results.rawReturns().length; i++) {
            if (!results.infeasible()[i]) {
                double r = results.rawReturns()[i];
                sum += r;
                n++;
                min = Math.min(min, r);
                max = Math.max(max, r);
            }
        }
        m.put("charts/return_mean", sum / n);
        m.put("charts/return_max", max);
        m.put("charts/return_min", min);
    }
}
