package org.odetoode.agents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hipparchus.util.MathArrays;
import org.odetoode.agents.internal.Parallel;
import org.odetoode.agents.internal.Seeds;
import org.odetoode.agents.optim.Adam;
import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.optim.OptimizerState;
import org.odetoode.agents.pg.ActorCritic;
import org.odetoode.agents.pg.Batch;
import org.odetoode.agents.pg.EnvRunner;
import org.odetoode.agents.pg.PgLoss;
import org.odetoode.agents.pg.Trajectory;
import org.odetoode.agents.rollout.Evaluation;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.agents.rollout.ObservationFilter;
import org.odetoode.agents.rollout.PolicyFactory;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.wrappers.RunningMeanStd;
import org.odetoode.modules.diagnostics.Stats;

/**
 * Trains a policy from {@code modules} with PPO (Schulman et al. 2017: clipped surrogate, GAE, value network,
 * minibatch Adam) or REINFORCE with a learned baseline (Williams 1992), top to bottom after CleanRL's ppo.py and
 * ppo_continuous_action.py: config, setup, the rollout → advantages → update loop, evaluation, checkpoints, metrics.
 *
 * <p>The two agents share everything but the data and the update: ppo steps {@code num-envs} persistent
 * environments {@code num-steps} steps each (an episode carries over into the next iteration), estimates advantages
 * by GAE and runs {@code update-epochs} epochs of shuffled minibatches; reinforce runs one whole episode per
 * environment, uses returns-to-go minus V as advantages and takes one step on the whole batch, where the clipped
 * loss is the plain score-function estimator ({@link PgLoss}).
 *
 * <p>Reproducibility: sampling draws from (seed, iteration, environment), resets from (seed, environment, episode),
 * minibatch order from (seed, iteration, epoch); environments run on any thread but each only on its own slot, and a
 * minibatch's gradient is summed over fixed chunks of {@value #CHUNK_ROWS} rows in chunk order. So the final
 * parameters depend only on the config, never on {@code threads}, and a run resumed from its checkpoint (which holds
 * the environments mid-episode) ends bit-identical to one that ran straight through.
 *
 * <p>Departures from CleanRL: observation and return statistics are frozen during a rollout and merged in
 * environment order after it (so they do not depend on threads), observations are not clipped, and a time-limit
 * truncation is bootstrapped with γ·V(final observation) instead of being treated as a terminal state (ppo).
 */
public final class PgTrainer extends AbstractTrainer<PgCheckpoint> {
    /** Rows per gradient chunk, the unit of parallel work in an update; fixed, so results do not depend on threads. */
    static final int CHUNK_ROWS = 32;
    private static final long SHUFFLE_STREAM = 0x53485546L;
    private static final long VALUE_STREAM = 0x56414C55L;
    private static final double REWARD_EPSILON = 1e-8;

    private final boolean ppo;
    private final int timeLimit;

    private PgTrainer(TrainConfig config, Path runDir, PgCheckpoint start) {
        super(config, runDir, start);
        this.ppo = config.agent().equals("ppo");
        this.timeLimit = timeLimit(config);
    }

    // ---- run directory: new, forced, or resumed -------------------------------------------------------------

    /** A new run in {@code runDir} (see {@link Trainer#create}). */
    public static PgTrainer create(TrainConfig config, Path runDir, boolean force) {
        if (!config.policyGradient()) {
            throw new IllegalArgumentException("PgTrainer trains ppo and reinforce, not " + config.agent());
        }
        ActorCritic model = model(config);
        if (config.agent().equals("reinforce") && timeLimit(config) == 0) {
            throw new InvalidConfigException("env-options", "reinforce runs whole episodes, but " + config.env()
                    + " has no time limit; set env-options.max-episode-steps to a number > 0");
        }
        RunDirectory.prepare(config, runDir, force, model.policyNetwork().parameterCount());
        PgCheckpoint initial = new PgCheckpoint(0, 0, 0, 0.0, RunTotals.NONE, model.parameters(),
                model.distributionOffset(), optimizer(config, config.learningRate()).init(model.parameterCount()),
                MeanStdFilter.empty(model.policyNetwork().inputSize()), MeanStdFilter.empty(1), null);
        return new PgTrainer(config, runDir, initial);
    }

    /** Continues the run in {@code runDir}, whose config {@link Trainer#resume} resolved, from its checkpoint. */
    static PgTrainer resume(TrainConfig config, Path runDir) {
        PgCheckpoint checkpoint = PgCheckpoint.read(runDir);
        RunDirectory.write(config, runDir, checkpoint.policyParameterCount());
        return new PgTrainer(config, runDir, checkpoint);
    }

    // ---- training --------------------------------------------------------------------------------------------

    @Override
    protected TrainResult train(MetricsSink sink) {
        // TRY NOT TO MODIFY: setup
        PgConfig pg = config.pg();
        ActorCritic master = model(config);
        int threads = Trainer.threads(config.threads());
        boolean recordObservations = config.observationFilter() == ObservationFilter.MEAN_STD;
        boolean scaleRewards = pg.rewardScaling() == PgConfig.RewardScaling.RETURN_STD;
        long sessionStart = System.nanoTime();

        double[] theta = start.parameters();
        OptimizerState adam = start.optimizer();
        MeanStdFilter observations = start.observationFilter();
        MeanStdFilter returns = start.returnFilter();
        long iteration = start.iteration();
        long envSteps = start.envSteps();
        long episodes = start.episodes();
        RunTotals totals = start.totals();
        long lastGood = start.iteration();
        boolean stopped = false;
        master.setParameters(theta);
        reached(iteration, envSteps, start.wallSeconds(), totals, master.policyParameters(theta));
        Env[] envs = new Env[pg.numEnvs()];
        EnvRunner.Settings settings = new EnvRunner.Settings(config.seed(), ppo ? pg.numSteps() : 0, timeLimit,
                pg.gamma(), scaleRewards, pg.rewardClip(), ppo, recordObservations);
        try (Parallel<ActorCritic> workers = new Parallel<>(threads, w -> master.copy(), "odetoode-pg");
                RolloutExecutor evaluator = new RolloutExecutor(threads, () -> Trainer.makeEnv(config),
                        master.policy())) {
            EnvRunner[] runners = new EnvRunner[pg.numEnvs()];
            for (int n = 0; n < envs.length; n++) {
                envs[n] = trainingEnv(config);
                runners[n] = start.envs() == null ? EnvRunner.start(envs[n], n, settings)
                        : EnvRunner.restore(envs[n], n, settings, start.envs().get(n));
            }
            while (!budgetSpent(iteration, envSteps)) {
                if (stopRequested()) {
                    stopped = true;
                    break;
                }
                long t0 = System.nanoTime();
                long it = iteration + 1;
                double lr = pg.annealLr() ? config.learningRate() * remainingBudget(iteration, envSteps)
                        : config.learningRate();

                // ALGO LOGIC: rollouts with θ and the statistics frozen, one trajectory per environment
                double[] shift = observations.shift();
                double[] scale = observations.inverseStd();
                double rewardScale = returns.count() == 0 ? 1.0
                        : 1.0 / Math.sqrt(returns.m2()[0] / returns.count() + REWARD_EPSILON);
                Trajectory[] trajectories = new Trajectory[envs.length];
                double[] rolloutTheta = theta;
                workers.forEach(envs.length, (w, n) -> {
                    load(w, rolloutTheta);
                    trajectories[n] = runners[n].collect(w, it, shift, scale, rewardScale);
                });
                List<Double> finished = new ArrayList<>();
                long steps = 0;
                for (Trajectory t : trajectories) {
                    steps += t.length();
                    for (double r : t.finishedReturns()) {
                        if (!Double.isFinite(r)) {
                            throw TrainingDivergedException.at(it, "an episode's return is " + r, runDir, lastGood);
                        }
                        finished.add(r);
                    }
                    observations = observations.merge(t.observationStats());
                    returns = returns.merge(t.returnStats());
                }
                Batch batch = Trajectory.batch(trajectories, pg.gamma(), pg.gaeLambda(), ppo);

                // ALGO LOGIC: epochs of minibatch Adam steps on the clipped loss
                double[] before = theta;
                PgLoss.Terms terms = new PgLoss.Terms();
                double gradientNorms = 0.0;
                int updates = 0;
                int rows = batch.size();
                int size = ppo ? pg.minibatchSize() : rows;
                Optimizer optimizer = optimizer(config, lr);
                for (int epoch = 0; epoch < pg.updateEpochs(); epoch++) {
                    int[] order = ppo ? batch.permutation(new Rng(Seeds.derive(config.seed(), SHUFFLE_STREAM, it,
                            epoch))) : batch.identity();
                    PgLoss.Terms lastMinibatch = null;
                    for (int from = 0; from + size <= rows; from += size) {
                        double[] advantages = PgLoss.advantages(batch, order, from, size, pg.normAdv());
                        PgLoss.Terms mb = new PgLoss.Terms();
                        double[] g = gradient(workers, batch, order, advantages, from, size, theta, mb);
                        if (!Double.isFinite(mb.loss(coefficients()))) {
                            throw TrainingDivergedException.at(it, "the loss of epoch " + (epoch + 1) + " is "
                                    + mb.loss(coefficients()), runDir, lastGood);
                        }
                        double norm = Stats.norm(g);
                        gradientNorms += norm;
                        if (pg.maxGradNorm() > 0 && norm > pg.maxGradNorm()) {
                            double c = pg.maxGradNorm() / (norm + 1e-6);
                            for (int i = 0; i < g.length; i++) {
                                g[i] *= c;
                            }
                        }
                        for (int i = 0; i < g.length; i++) {
                            g[i] = -g[i];
                        }
                        Optimizer.Step step = optimizer.step(adam, theta, g);
                        checkParameters(it, workers.contexts().get(0), step.parameters(), lastGood);
                        theta = step.parameters();
                        adam = step.state();
                        terms.add(mb);
                        lastMinibatch = mb;
                        updates++;
                    }
                    if (pg.hasTargetKl() && lastMinibatch != null
                            && lastMinibatch.approxKl / lastMinibatch.rows > pg.targetKl()) {
                        break;
                    }
                }
                iteration = it;
                envSteps += steps;
                episodes += finished.size();

                // TRY NOT TO MODIFY: metrics, evaluation, checkpoints
                double seconds = (System.nanoTime() - t0) * 1e-9;
                double wall = start.wallSeconds() + (System.nanoTime() - sessionStart) * 1e-9;
                Map<String, Double> m = progress(it, envSteps, episodes);
                if (!finished.isEmpty()) {
                    m.put("charts/return_mean", finished.stream().mapToDouble(Double::doubleValue).sum()
                            / finished.size());
                    m.put("charts/return_max", finished.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                    m.put("charts/return_min", finished.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                }
                m.put("charts/steps_per_second", steps / seconds);
                m.put("charts/wall_seconds", wall);
                m.put("charts/learning_rate", lr);
                m.put("losses/policy_loss", terms.policy / terms.rows);
                m.put("losses/value_loss", terms.value / terms.rows);
                m.put("losses/entropy", terms.entropy / terms.rows);
                m.put("losses/approx_kl", terms.approxKl / terms.rows);
                m.put("losses/old_approx_kl", terms.oldApproxKl / terms.rows);
                m.put("losses/clipfrac", (double) terms.clipped / terms.rows);
                m.put("losses/explained_variance", batch.explainedVariance());
                m.put("losses/gradient_norm", gradientNorms / updates);
                m.put("losses/update_norm", MathArrays.distance(before, theta));
                ActorCritic first = workers.contexts().get(0);
                load(first, theta);
                Metrics.orthogonalityDrift(first.policy(), m);
                if (evaluationDue(it)) {
                    totals = evaluate(evaluator, master.policyParameters(theta), observations, it, m, totals);
                }
                reached(it, envSteps, wall, totals, master.policyParameters(theta));
                sink.log(it, m);
                if (config.checkpointEvery() > 0 && it % config.checkpointEvery() == 0) {
                    checkpoint(it, envSteps, episodes, wall, totals, theta, master, adam, observations, returns,
                            runners).write(runDir);
                    lastGood = it;
                }
            }
            double wall = start.wallSeconds() + (System.nanoTime() - sessionStart) * 1e-9;
            Evaluation finalEval = null;
            double[] policy = master.policyParameters(theta);
            if (!stopped) {
                finalEval = finalEvaluation(evaluator, policy, observations, sink, envSteps, wall);
                totals = totals.finalEvaluated(finalEval.mean());
            }
            checkpoint(iteration, envSteps, episodes, wall, totals, theta, master, adam, observations, returns,
                    runners).write(runDir);
            return result(finalEval, iteration, envSteps, wall, totals, policy);
        } finally {
            for (Env env : envs) {
                if (env != null) {
                    env.close();
                }
            }
        }
    }

    /**
     * ∂L/∂θ of the minibatch {@code order[from .. from + size)}: chunks of {@value #CHUNK_ROWS} rows on the workers,
     * summed in chunk order, then the policy's shared reverse pass once, on the first worker's model (which holds θ
     * already when it took a chunk). Adds the terms into {@code mb}.
     */
    private double[] gradient(Parallel<ActorCritic> workers, Batch batch, int[] order,
            double[] advantages, int from, int size, double[] theta, PgLoss.Terms mb) {
        int chunks = (size + CHUNK_ROWS - 1) / CHUNK_ROWS;
        double[][] g = new double[chunks][];
        PgLoss.Terms[] terms = new PgLoss.Terms[chunks];
        PgLoss.Coefficients c = coefficients();
        workers.forEach(chunks, (w, k) -> {
            load(w, theta);
            g[k] = new double[PgLoss.gradientSize(w)];
            terms[k] = new PgLoss.Terms();
            int a = from + k * CHUNK_ROWS;
            PgLoss.chunk(w, batch, order, advantages, a, Math.min(from + size, a + CHUNK_ROWS), size, c, g[k],
                    terms[k]);
        });
        double[] sum = g[0];
        mb.add(terms[0]);
        for (int k = 1; k < chunks; k++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[k][i];
            }
            mb.add(terms[k]);
        }
        ActorCritic first = workers.contexts().get(0);
        load(first, theta);
        return PgLoss.finish(first, sum);
    }

    /** Loads θ into a worker's model unless it holds it already (the same array: θ arrays are never modified). */
    private static void load(ActorCritic w, double[] theta) {
        if (w.loaded() != theta) {
            w.setParameters(theta);
        }
    }

    /**
     * Stops the run on a non-finite parameter or a policy whose weight flow diverges; else leaves θ loaded in
     * {@code model} (the first worker's, so the next minibatch does not run the weight flow again).
     */
    private void checkParameters(long it, ActorCritic model, double[] theta, long lastGood) {
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw TrainingDivergedException.at(it, "parameter " + i + " is " + theta[i], runDir, lastGood);
            }
        }
        try {
            load(model, theta);
        } catch (ArithmeticException e) {
            throw TrainingDivergedException.at(it, "the policy's weight flow diverged (" + e.getMessage() + ")",
                    runDir, lastGood);
        }
    }

    private PgCheckpoint checkpoint(long it, long envSteps, long episodes, double wall, RunTotals totals,
            double[] theta, ActorCritic master, OptimizerState adam, MeanStdFilter observations,
            MeanStdFilter returns, EnvRunner[] runners) {
        List<EnvRunner.State> saved = new ArrayList<>();
        for (EnvRunner r : runners) {
            saved.add(r.save());
        }
        return new PgCheckpoint(it, envSteps, episodes, wall, totals, theta, master.distributionOffset(), adam,
                observations, returns, saved);
    }

    private PgLoss.Coefficients coefficients() {
        PgConfig pg = config.pg();
        return new PgLoss.Coefficients(pg.clipCoef(), pg.clipVloss(), pg.entCoef(), pg.vfCoef());
    }

    /** The fraction of the budget left, by iterations or env steps, whichever is further spent (anneal-lr). */
    private double remainingBudget(long iteration, long envSteps) {
        double spent = 0.0;
        if (config.iterations() > 0) {
            spent = Math.max(spent, (double) iteration / config.iterations());
        }
        if (config.maxEnvSteps() > 0) {
            spent = Math.max(spent, (double) envSteps / config.maxEnvSteps());
        }
        return 1.0 - spent;
    }

    // ---- setup helpers ---------------------------------------------------------------------------------------

    /** The actor-critic of {@code config} with its initial parameters. */
    static ActorCritic model(TrainConfig config) {
        try (Env env = Trainer.makeEnv(config)) {
            return ActorCritic.create(PolicyFactory.create(config.policy(), config.policyOptions(),
                    config.actionHead(), config.seed(), env), config.pg().logStdInit(),
                    Seeds.derive(config.seed(), VALUE_STREAM, 0, 0));
        }
    }

    /** Adam with CleanRL's ε default 1e-5 (the config's adam-epsilon). */
    private static Optimizer optimizer(TrainConfig config, double lr) {
        return new Adam(lr, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon());
    }

    /**
     * The episode step limit: env-options.max-episode-steps, else the env's registered one (0 = none). Training
     * environments are made without their TimeLimit wrapper and the trainer counts steps itself, so that the count
     * is part of the checkpoint; evaluation environments keep the wrapper. Both truncate at the same step.
     */
    private static int timeLimit(TrainConfig config) {
        String v = config.envOptions().get(Envs.MAX_EPISODE_STEPS);
        return v != null ? Integer.parseInt(v.trim()) : Envs.spec(config.env()).maxEpisodeSteps();
    }

    private static Env trainingEnv(TrainConfig config) {
        Map<String, String> options = new LinkedHashMap<>(config.envOptions());
        options.put(Envs.MAX_EPISODE_STEPS, "0");
        return Envs.make(config.env(), options);
    }
}
