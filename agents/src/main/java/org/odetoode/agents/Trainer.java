package org.odetoode.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.Evaluation;
import org.odetoode.agents.rollout.PolicyFactory;
import org.odetoode.agents.rollout.RolloutExecutor;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.modules.InvalidHyperparameterException;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.policy.Policy;

/**
 * A training run of any agent: {@link EsTrainer} for the evolution strategies, {@link PgTrainer} for ppo and
 * reinforce. The static methods pick the trainer from the config's agent, so a command line needs no agent-specific
 * code. Every trainer writes the same run directory: {@value #CONFIG_FILE} (the resolved config),
 * {@code checkpoint.json} (atomically, every {@code checkpoint-every} iterations, at the end and on
 * {@link #requestStop()}) and {@value #RESULT_FILE} (atomically, when the run completes, stops or fails); results
 * depend only on the config, and a resumed run ends bit-identical to one that ran straight through.
 */
public interface Trainer {
    /** The resolved config's file name in a run directory. */
    String CONFIG_FILE = "config.yaml";
    /** The evaluation round whose episode seeds the final evaluation uses (periodic ones use their iteration). */
    long FINAL_EVALUATION_ROUND = -1;
    /** The file in a run directory that says how the run ended ({@link TrainResult#write}). */
    String RESULT_FILE = "result.json";
    /** Keys a resume may change: budgets and bookkeeping, nothing that alters the trajectory. */
    Set<String> RESUMABLE_KEYS = Set.of("iterations", "max-env-steps", "threads", "eval-every", "eval-episodes",
            "final-eval-episodes", "checkpoint-every");

    /** The resolved config. */
    TrainConfig config();

    /** Asks the run to write a checkpoint and return after the current iteration; safe from any thread. */
    void requestStop();

    /**
     * Runs until the budget is spent or a stop is requested, and writes {@value #RESULT_FILE}; a run that fails
     * (diverges) writes it with status failed and rethrows.
     */
    TrainResult run(MetricsSink sink);

    /**
     * Hands the candidate evaluations of each iteration to {@code evaluators} (a cluster) instead of the in-process
     * executor; the results do not change. Only evolution strategies evaluate candidates.
     *
     * @throws IllegalArgumentException for a trainer that has no candidates to hand out
     */
    default void distribute(CandidateEvaluator.Factory evaluators) {
        throw new IllegalArgumentException("agent " + config().agent() + " trains in one process; a cluster runs"
                + " the evolution strategies es, ars and orthogonal-es");
    }

    /**
     * A new run of {@code config} in {@code runDir}, which must not exist or be empty unless {@code force}. Checks
     * that the env and policy fit before touching the disk.
     */
    static Trainer create(TrainConfig config, Path runDir, boolean force) {
        return config.policyGradient() ? PgTrainer.create(config, runDir, force)
                : EsTrainer.create(config, runDir, force);
    }

    /**
     * Continues the run in {@code runDir} from its checkpoint; {@code overrides} may change only
     * {@link #RESUMABLE_KEYS}. A run stopped before its first checkpoint (killed, preempted) starts over from its saved
     * config, and ends as an uninterrupted run would: the same command continues any run.
     */
    static Trainer resume(Path runDir, Map<String, String> overrides) {
        TrainConfig config = RunDirectory.resumed(runDir, overrides);
        if (!Files.exists(runDir.resolve(Checkpoint.FILE))) {
            return create(config, runDir, true);
        }
        return config.policyGradient() ? PgTrainer.resume(config, runDir) : EsTrainer.resume(config, runDir);
    }

    /**
     * Evaluates the policy saved in {@code runDir}: its checkpoint's {@code parameters} (θ: the evolution strategy's
     * centre, or the policy network of a policy-gradient run, never the ES {@code best-parameters}, which scored best
     * on one noisy training episode) with the frozen observation filter, on noiseless episodes (the Gaussian mean
     * through the Box head, or the argmax) seeded as the final evaluation's (round {@link #FINAL_EVALUATION_ROUND}).
     * With {@code episodes} and {@code seed} null, the run's final-eval-episodes and seed: the very episodes of the
     * final evaluation, which this reproduces exactly.
     *
     * @param episodes number of episodes, or null for the run's final-eval-episodes
     * @param seed the seed the episode seeds derive from, or null for the run's seed
     */
    static SavedPolicyEvaluation evaluate(Path runDir, Integer episodes, Long seed, int threads) {
        if (episodes != null && episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        SavedPolicy saved = SavedPolicy.read(runDir);
        TrainConfig config = saved.config();
        Policy policy;
        try (Env env = makeEnv(config)) {
            policy = rolloutPolicy(saved.networkConfig(), env);
        }
        int n = episodes != null ? episodes : config.finalEvalEpisodes();
        long s = seed != null ? seed : config.seed();
        try (RolloutExecutor executor = new RolloutExecutor(threads(threads), () -> makeEnv(config), policy)) {
            return new SavedPolicyEvaluation(config, saved.iteration(), Checkpoint.sha256(saved.parameters()), s,
                    Evaluation.run(executor, saved.parameters(), saved.filter(), n, s, FINAL_EVALUATION_ROUND));
        }
    }

    /**
     * What {@link #evaluate} evaluated and found.
     *
     * @param config the run's config
     * @param iteration the checkpoint's iteration
     * @param paramsSha256 SHA-256 of the evaluated θ (train's params_sha256 when the run completed)
     * @param seed the seed the episode seeds derive from
     * @param evaluation the returns
     */
    record SavedPolicyEvaluation(TrainConfig config, long iteration, String paramsSha256, long seed,
            Evaluation evaluation) {
    }

    /**
     * The policy of {@code config} for {@code env}, its forward in the precision of the agent's rollouts: the
     * configured rollout-precision for an evolution strategy, float64 for a policy-gradient agent, which trains it.
     */
    static Policy rolloutPolicy(TrainConfig config, Env env) {
        Policy policy = PolicyFactory.create(config.policy(), config.policyOptions(), config.actionHead(),
                config.seed(), env);
        try {
            policy.network().setForwardPrecision(config.policyGradient() ? Precision.FLOAT64
                    : config.rolloutPrecision());
        } catch (InvalidHyperparameterException e) {
            throw new InvalidConfigException("rollout-precision", e.getMessage()
                    + "; set rollout-precision to float64 for it");
        }
        return policy;
    }

    /** Rollout threads for a {@code threads} setting: the number itself, or every core for 0 (or less). */
    static int threads(int threads) {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The environment of {@code config} with its options (and its time limit). */
    static Env makeEnv(TrainConfig config) {
        return Envs.make(config.env(), config.envOptions());
    }
}
