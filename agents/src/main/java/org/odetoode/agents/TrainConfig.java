package org.odetoode.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.odetoode.agents.es.OrthogonalSampler.RowNorm;
import org.odetoode.agents.internal.Seeds;
import org.odetoode.modules.Names;
import org.odetoode.modules.net.Precision;
import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.rollout.HeadKind;
import org.odetoode.agents.rollout.ObservationFilter;
import org.odetoode.agents.rollout.PolicyFactory;
import org.odetoode.agents.shaping.FitnessShaping;
import org.odetoode.agents.shaping.TopDirections.RankRule;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.spaces.Box;
import org.odetoode.modules.policy.HyperParameter;
import org.odetoode.modules.policy.Policies;

/**
 * Everything a training run depends on. Every key has one spelling: YAML {@code population-size}, CLI
 * {@code --set population-size=…} (or {@code --population-size} where the CLI has a flag), field
 * {@code populationSize}. Defaults depend on the agent (its paper's; for {@code ppo} and {@code reinforce} CleanRL's,
 * from ppo.py for a Discrete action space and ppo_continuous_action.py for a Box); {@link #KEYS} documents each key
 * and the agents it applies to. Resolution order: agent defaults, then the tuned defaults of the env × policy × agent
 * where {@link TunedDefaults} ships them (named by {@code defaults-from}), then the YAML file, then CLI overrides. Results
 * depend on this record alone (plus the code), never on {@code threads}.
 *
 * <p>One record for every agent: a key that does not apply to the agent (an {@link Scope#ES} key for a
 * policy-gradient agent, a {@link Scope#PG} key for an evolution strategy) may not be given, keeps its default here,
 * is not used, and is not written to the run directory. The policy-gradient keys live in {@link #pg()}.
 */
public record TrainConfig(
        String env, Map<String, String> envOptions, String policy, Map<String, String> policyOptions,
        HeadKind actionHead, String agent, long seed, int threads, int iterations, long maxEnvSteps,
        int populationSize, double sigma, double learningRate, Optimizer.Kind optimizer, double momentum,
        double adamBeta1, double adamBeta2, double adamEpsilon, double weightDecay, FitnessShaping fitnessShaping,
        Integer topDirections, RankRule rankBy, ObservationFilter observationFilter, double rewardShift,
        RowNorm orthogonalNorm, int noiseTableSize, long noiseSeed, Precision rolloutPrecision, int evalEvery,
        int evalEpisodes, int finalEvalEpisodes, int restartAfter, double restartBelow, int checkpointEvery, PgConfig pg,
        String defaultsFrom) {
    private static final long RESTART_STREAM = 0x52535452L;


    /** The agents, in the order shown to users: the evolution strategies, then the policy-gradient methods. */
    public static final List<String> AGENTS = List.of("es", "ars", "orthogonal-es", "ppo", "reinforce");

    /** The agents a key applies to. */
    public enum Scope {
        ALL, ES, PG, PPO;

        public boolean appliesTo(String agent) {
            return switch (this) {
                case ALL -> true;
                case ES -> !isPolicyGradient(agent);
                case PG -> isPolicyGradient(agent);
                case PPO -> agent.equals("ppo");
            };
        }
    }

    /** One documented key and the agents it applies to. */
    public record Key(String name, String description, Scope scope) {
    }

    /** True for {@code ppo} and {@code reinforce}. */
    public static boolean isPolicyGradient(String agent) {
        return agent.equals("ppo") || agent.equals("reinforce");
    }

    /** True when this config trains with a policy-gradient method. */
    public boolean policyGradient() {
        return isPolicyGradient(agent);
    }

    /** Every key, in the order the resolved config is written. */
    public static final List<Key> KEYS = List.of(
            new Key("env", "environment id, e.g. CartPole-v1", Scope.ALL),
            new Key("env-options", "keyword overrides for the environment, e.g. max-episode-steps", Scope.ALL),
            new Key("policy", "network family: " + String.join(", ", Policies.NAMES), Scope.ALL),
            new Key("policy-options", "network hyperparameters, e.g. d, steps", Scope.ALL),
            new Key("action-head", "auto (discrete for Discrete, tanh for Box), discrete, tanh or clip", Scope.ALL),
            new Key("agent", "es, ars, orthogonal-es (evolution strategies); ppo, reinforce (policy gradient)",
                    Scope.ALL),
            new Key("defaults-from", "tuned defaults applied over the agent's, under the YAML and --set: ENV/POLICY/AGENT"
                    + " (an entry of " + TunedDefaults.RESOURCE + ", found for the env, policy and agent unless given)"
                    + " or none (the agent's defaults only)", Scope.ALL),
            new Key("seed", "seeds the initial parameters and every random draw of the run", Scope.ALL),
            new Key("threads", "rollout threads; 0 = all available cores; never changes results", Scope.ALL),
            new Key("iterations", "iteration budget; 0 = no limit (then max-env-steps must be set)", Scope.ALL),
            new Key("max-env-steps", "environment-step budget; 0 = no limit", Scope.ALL),
            new Key("population-size", "episodes per iteration: 2 per direction (antithetic), even", Scope.ES),
            new Key("sigma", "perturbation scale σ > 0", Scope.ES),
            new Key("learning-rate", "optimiser step size α > 0", Scope.ALL),
            new Key("optimizer", "adam or sgd", Scope.ES),
            new Key("momentum", "SGD momentum μ in [0, 1)", Scope.ES),
            new Key("adam-beta1", "Adam β₁ in [0, 1)", Scope.ALL),
            new Key("adam-beta2", "Adam β₂ in [0, 1)", Scope.ALL),
            new Key("adam-epsilon", "Adam ε > 0", Scope.ALL),
            new Key("weight-decay", "L2 coefficient λ >= 0: the step ascends g − λθ", Scope.ES),
            new Key("fitness-shaping", "centered-rank, z-score or none", Scope.ES),
            new Key("top-directions", "ARS b: keep the best b directions; all = every direction", Scope.ES),
            new Key("rank-by", "how top-directions ranks a direction: max = max(r+, r−), diff = |r+ − r−|", Scope.ES),
            new Key("observation-filter", "none or mean-std (ARS V2, PPO's NormalizeObservation): running statistics,"
                    + " frozen during a rollout and in evaluation", Scope.ALL),
            new Key("reward-shift", "subtracted from every step's reward in training rollouts (ARS shift)", Scope.ES),
            new Key("orthogonal-norm", "orthogonal-es direction lengths: chi or sqrt-dim", Scope.ES),
            new Key("noise-table-size", "float32 values in the shared noise table", Scope.ES),
            new Key("noise-seed", "seed of the shared noise table", Scope.ES),
            new Key("rollout-precision", "arithmetic of the policy's forward pass in rollouts and evaluations: float32"
                    + " (weights rounded once per candidate, twice the SIMD lanes) or float64; the euler solver only"
                    + " has float32", Scope.ES),
            new Key("num-envs", "environments stepped side by side (reinforce: episodes per iteration)", Scope.PG),
            new Key("num-steps", "steps per environment per iteration; batch = num-envs × num-steps", Scope.PPO),
            new Key("gamma", "discount γ in (0, 1]", Scope.PG),
            new Key("gae-lambda", "GAE λ in [0, 1]", Scope.PPO),
            new Key("num-minibatches", "minibatches per epoch; must divide the batch", Scope.PPO),
            new Key("update-epochs", "passes over the batch per iteration", Scope.PPO),
            new Key("clip-coef", "surrogate clip ε > 0 (also clips the value loss)", Scope.PPO),
            new Key("clip-vloss", "clip the value loss around the rollout's values: true or false", Scope.PPO),
            new Key("ent-coef", "entropy bonus coefficient >= 0", Scope.PG),
            new Key("vf-coef", "value-loss coefficient >= 0", Scope.PG),
            new Key("max-grad-norm", "clip the global gradient norm to this; 0 = no clip", Scope.PG),
            new Key("norm-adv", "normalise advantages per minibatch: true or false", Scope.PG),
            new Key("anneal-lr", "learning rate falls linearly to 0 over the budget: true or false", Scope.PG),
            new Key("target-kl", "stop the epochs of an iteration once approx-KL exceeds it; none = never", Scope.PPO),
            new Key("log-std-init", "initial log σ of the Gaussian head (Box action spaces)", Scope.PG),
            new Key("reward-scaling", "none, or return-std: rewards over the running std of the discounted return",
                    Scope.PG),
            new Key("reward-clip", "clip scaled rewards to ±this; 0 = no clip", Scope.PG),
            new Key("eval-every", "evaluate every K iterations; 0 = only at the end", Scope.ALL),
            new Key("eval-episodes", "episodes per periodic evaluation", Scope.ALL),
            new Key("final-eval-episodes", "episodes of the final evaluation", Scope.ALL),
            new Key("restart-after", "start over with a fresh network (W_0 and initial parameters from a network seed"
                    + " drawn from the run's) and optimiser state when, this many iterations after the start or the last"
                    + " restart and with as many left, the centre's mean return over eval-episodes episodes is below"
                    + " restart-below; 0 = never", Scope.ES),
            new Key("restart-below", "the mean return under which restart-after starts over", Scope.ES),
            new Key("checkpoint-every", "write a checkpoint every K iterations; 0 = only at the end", Scope.ALL));

    /** Keys whose policy-gradient default depends on the action space (Discrete or Box). */
    private static final List<String> SPACE_KEYS = List.of("max-env-steps", "learning-rate", "observation-filter",
            "num-envs", "num-steps", "num-minibatches", "update-epochs", "ent-coef", "reward-scaling", "reward-clip");

    private static final List<String> KEY_NAMES = KEYS.stream().map(Key::name).toList();
    private static final List<String> MAP_KEYS = List.of("env-options", "policy-options");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    public TrainConfig {
        envOptions = Map.copyOf(new TreeMap<>(envOptions));
        policyOptions = Map.copyOf(new TreeMap<>(policyOptions));
    }

    /** Number of antithetic directions m = population-size / 2. */
    public int directions() {
        return populationSize / 2;
    }

    /** The ARS b actually used: top-directions, or every direction. */
    public int usedDirections() {
        return topDirections == null ? directions() : topDirections;
    }

    /**
     * The defaults of {@code agent}: its paper's hyperparameters, tuned where noted so that CartPole-v1 solves fast;
     * {@code box}: the action space is a Box (matters only for ppo and reinforce).
     */
    private static Map<String, Object> defaults(String agent, boolean box) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("env", "CartPole-v1");
        d.put("env-options", Map.of());
        d.put("policy", "odetoode");
        d.put("policy-options", Map.of());
        d.put("action-head", "auto");
        d.put("agent", agent);
        d.put("seed", 0);
        d.put("threads", 0);
        d.put("iterations", 100);
        d.put("max-env-steps", 0);
        boolean ars = agent.equals("ars");
        // ARS: Mania et al. (2018) Table 9, HalfCheetah V2; ES: Salimans et al. (2017) with σ and α raised for
        // the small policies of the ODEtoODE paper (Choromanski et al. 2020, §3 defaults: σ ≈ 0.1).
        d.put("population-size", ars ? 64 : 40);
        d.put("sigma", ars ? 0.03 : 0.1);
        d.put("learning-rate", ars ? 0.02 : 0.05);
        d.put("optimizer", ars ? "sgd" : "adam");
        d.put("momentum", ars ? 0.0 : 0.9);
        d.put("adam-beta1", 0.9);
        d.put("adam-beta2", 0.999);
        d.put("adam-epsilon", 1e-8);
        d.put("weight-decay", ars ? 0.0 : 0.005);
        d.put("fitness-shaping", ars ? "z-score" : "centered-rank");
        d.put("top-directions", ars ? 4 : "all");
        d.put("rank-by", "max");
        d.put("observation-filter", ars ? "mean-std" : "none");
        d.put("reward-shift", 0.0);
        d.put("orthogonal-norm", "chi");
        d.put("noise-table-size", 10_000_000);
        d.put("noise-seed", 123);
        d.put("rollout-precision", "float32");
        d.put("eval-every", 10);
        d.put("eval-episodes", 10);
        d.put("final-eval-episodes", 100);
        d.put("restart-after", 0);
        d.put("restart-below", 0.0);
        d.put("checkpoint-every", 10);
        policyGradientDefaults(d, agent, box);
        return d;
    }

    /**
     * CleanRL's PPO defaults, ppo.py for Discrete and ppo_continuous_action.py (with its NormalizeObservation and
     * NormalizeReward wrappers, clip 10) for Box; an evolution strategy keeps them unused. REINFORCE uses the same
     * machinery with whole episodes and one update per iteration, with a larger step, no gradient clipping and no
     * annealing (tuned on CartPole-v1: with PPO's clip at 0.5 the one step per batch crawls).
     */
    private static void policyGradientDefaults(Map<String, Object> d, String agent, boolean box) {
        boolean reinforce = agent.equals("reinforce");
        if (isPolicyGradient(agent)) {
            d.put("iterations", 0);
            d.put("max-env-steps", box ? 1_000_000 : 500_000);
            d.put("learning-rate", reinforce ? 3e-3 : box ? 3e-4 : 2.5e-4);
            d.put("adam-epsilon", 1e-5);
            d.put("observation-filter", box ? "mean-std" : "none");
        }
        d.put("num-envs", reinforce ? 8 : box ? 1 : 4);
        d.put("num-steps", box ? 2048 : 128);
        d.put("gamma", 0.99);
        d.put("gae-lambda", 0.95);
        d.put("num-minibatches", box ? 32 : 4);
        d.put("update-epochs", box ? 10 : 4);
        d.put("clip-coef", 0.2);
        d.put("clip-vloss", true);
        d.put("ent-coef", box ? 0.0 : 0.01);
        d.put("vf-coef", 0.5);
        d.put("max-grad-norm", reinforce ? 0.0 : 0.5);
        d.put("norm-adv", true);
        d.put("anneal-lr", !reinforce);
        d.put("target-kl", "none");
        d.put("log-std-init", 0.0);
        d.put("reward-scaling", box ? "return-std" : "none");
        d.put("reward-clip", box ? 10.0 : 0.0);
    }

    /**
     * Resolves a config: agent defaults, overlaid by the tuned defaults of the env × policy × agent (the entry that
     * {@code defaults-from} names; when not given, the shipped entry for the pair, if any), overlaid by {@code file} (a
     * YAML mapping, may be empty), overlaid by {@code overrides} (CLI values as strings; {@code policy-options.d} sets
     * one entry of a map key). A map key the tuned entry sets is merged entry by entry with the one given.
     *
     * @throws InvalidConfigException naming the first bad key
     */
    public static TrainConfig resolve(Map<String, ?> file, Map<String, String> overrides) {
        String agent = String.valueOf(overrides.getOrDefault("agent", String.valueOf(file.containsKey("agent") ? file.get("agent") : "es")));
        agent = checkName("agent", agent, AGENTS);
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : file.entrySet()) {
            given.put(checkKey(e.getKey(), agent), e.getValue());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0 && MAP_KEYS.contains(key.substring(0, dot))) {
                String mapKey = key.substring(0, dot);
                Map<String, Object> map = new LinkedHashMap<>();
                Object old = given.get(mapKey);
                asMap(mapKey, old == null ? Map.of() : old).forEach((k, v) -> map.put(String.valueOf(k), v));
                map.put(key.substring(dot + 1), e.getValue());
                given.put(mapKey, map);
            } else {
                given.put(checkKey(key, agent), e.getValue());
            }
        }
        boolean box = isPolicyGradient(agent) && !given.keySet().containsAll(SPACE_KEYS) && boxActions(given);
        Map<String, Object> merged = defaults(agent, box);
        String defaultsFrom = given.containsKey("defaults-from") ? String.valueOf(given.get("defaults-from")).trim()
                : TunedDefaults.lookup(String.valueOf(given.getOrDefault("env", merged.get("env"))),
                        checkName("policy", String.valueOf(given.getOrDefault("policy", merged.get("policy"))),
                                Policies.NAMES), agent);
        for (Map.Entry<String, Object> e : TunedDefaults.settings(defaultsFrom).entrySet()) {
            merged.put(checkKey(e.getKey(), agent), e.getValue());
        }
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object tuned = merged.get(e.getKey());
            if (MAP_KEYS.contains(e.getKey()) && tuned instanceof Map<?, ?> tunedMap && !tunedMap.isEmpty()) {
                Map<String, Object> map = new LinkedHashMap<>();
                tunedMap.forEach((k, v) -> map.put(String.valueOf(k), v));
                asMap(e.getKey(), e.getValue()).forEach((k, v) -> map.put(String.valueOf(k), v));
                merged.put(e.getKey(), map);
            } else {
                merged.put(e.getKey(), e.getValue());
            }
        }
        merged.put("agent", agent);
        merged.put("defaults-from", defaultsFrom);
        return fromMap(merged);
    }

    /** Whether the env named in {@code given} (or the default env) acts in a Box; makes the env once to see. */
    private static boolean boxActions(Map<String, Object> given) {
        ConfigReader r = new ConfigReader(Map.of("env", given.getOrDefault("env", "CartPole-v1"),
                "env-options", given.getOrDefault("env-options", Map.of())));
        try (Env env = Envs.make(r.string("env"), r.map("env-options"))) {
            return env.actionSpace() instanceof Box;
        }
    }

    /** Reads a YAML mapping of key: value. */
    public static Map<String, Object> readYaml(Path file) {
        Object tree;
        try {
            tree = YAML.readValue(Files.readString(file), Object.class);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException("config", "Config file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("config", "Config file " + file + " is not valid YAML: "
                    + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new InvalidConfigException("config", "Cannot read config file " + file + ": " + e.getMessage());
        }
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidConfigException("config", "Config file " + file + " must be a YAML mapping of key: value,"
                    + " got " + describe(tree));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * The resolved config as an ordered map of the kebab-case keys that apply to the agent, as written to the run
     * directory.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("env-options", new TreeMap<>(envOptions));
        m.put("policy", policy);
        m.put("policy-options", resolvedPolicyOptions());
        m.put("action-head", actionHead.key());
        m.put("agent", agent);
        m.put("defaults-from", defaultsFrom);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("iterations", iterations);
        m.put("max-env-steps", maxEnvSteps);
        m.put("population-size", populationSize);
        m.put("sigma", sigma);
        m.put("learning-rate", learningRate);
        m.put("optimizer", optimizer.key());
        m.put("momentum", momentum);
        m.put("adam-beta1", adamBeta1);
        m.put("adam-beta2", adamBeta2);
        m.put("adam-epsilon", adamEpsilon);
        m.put("weight-decay", weightDecay);
        m.put("fitness-shaping", fitnessShaping.key());
        m.put("top-directions", topDirections == null ? "all" : topDirections);
        m.put("rank-by", rankBy.key());
        m.put("observation-filter", observationFilter.key());
        m.put("reward-shift", rewardShift);
        m.put("orthogonal-norm", orthogonalNorm.key());
        m.put("noise-table-size", noiseTableSize);
        m.put("noise-seed", noiseSeed);
        m.put("rollout-precision", rolloutPrecision.key());
        m.put("num-envs", pg.numEnvs());
        m.put("num-steps", pg.numSteps());
        m.put("gamma", pg.gamma());
        m.put("gae-lambda", pg.gaeLambda());
        m.put("num-minibatches", pg.numMinibatches());
        m.put("update-epochs", pg.updateEpochs());
        m.put("clip-coef", pg.clipCoef());
        m.put("clip-vloss", pg.clipVloss());
        m.put("ent-coef", pg.entCoef());
        m.put("vf-coef", pg.vfCoef());
        m.put("max-grad-norm", pg.maxGradNorm());
        m.put("norm-adv", pg.normAdv());
        m.put("anneal-lr", pg.annealLr());
        m.put("target-kl", pg.hasTargetKl() ? pg.targetKl() : "none");
        m.put("log-std-init", pg.logStdInit());
        m.put("reward-scaling", pg.rewardScaling().key());
        m.put("reward-clip", pg.rewardClip());
        m.put("eval-every", evalEvery);
        m.put("eval-episodes", evalEpisodes);
        m.put("final-eval-episodes", finalEvalEpisodes);
        m.put("restart-after", restartAfter);
        m.put("restart-below", restartBelow);
        m.put("checkpoint-every", checkpointEvery);
        m.keySet().retainAll(keys(agent).stream().map(Key::name).toList());
        return m;
    }

    /**
     * The policy's hyperparameters as they run: every one the policy takes, at its default unless policy-options
     * sets it, in the policy's order. The network's seed is left out unless set, since it follows the run's seed.
     */
    public Map<String, String> resolvedPolicyOptions() {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (HyperParameter h : Policies.hyperparameters(policy)) {
            String given = policyOptions.get(h.key());
            if (given != null || !h.key().equals(PolicyFactory.NETWORK_SEED)) {
                resolved.put(h.key(), given != null ? given : h.defaultValue());
            }
        }
        return resolved;
    }

    /** The resolved config as YAML. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config as YAML", e);
        }
    }

    private static TrainConfig fromMap(Map<String, Object> m) {
        ConfigReader r = new ConfigReader(m);
        String policy = checkName("policy", r.string("policy"), Policies.NAMES);
        Map<String, String> policyOptions = r.map("policy-options");
        List<String> policyKeys = Policies.hyperparameters(policy).stream().map(HyperParameter::key).toList();
        for (String k : policyOptions.keySet()) {
            if (!policyKeys.contains(k)) {
                throw new InvalidConfigException("policy-options", "Unknown policy-options key `" + k + "` for policy "
                        + policy + ". " + Names.suggestion(k, policyKeys)
                        + (policyKeys.isEmpty() ? policy + " takes no options" : "Valid keys: " + String.join(", ", policyKeys)));
            }
        }
        int population = r.integer("population-size", 2);
        if (population % 2 != 0) {
            throw InvalidConfigException.invalid("population-size", population, "an even integer >= 2 (antithetic"
                    + " sampling evaluates θ + σε and θ − σε for every direction)");
        }
        Integer top = r.string("top-directions").equalsIgnoreCase("all") ? null : r.integer("top-directions", 1);
        if (top != null && top > population / 2) {
            throw InvalidConfigException.invalid("top-directions", top, "at most " + population / 2
                    + ", the number of directions (population-size " + population + " / 2), or all");
        }
        TrainConfig c = new TrainConfig(r.string("env"), r.map("env-options"), policy, policyOptions,
                r.choice("action-head", HeadKind.values(), HeadKind::key), r.string("agent"), r.longValue("seed"),
                r.integer("threads", 0), r.integer("iterations", 0), r.longValue("max-env-steps"), population,
                r.positive("sigma"), r.positive("learning-rate"),
                r.choice("optimizer", Optimizer.Kind.values(), Optimizer.Kind::key), r.unit("momentum"),
                r.unit("adam-beta1"), r.unit("adam-beta2"), r.positive("adam-epsilon"), r.nonNegative("weight-decay"),
                r.choice("fitness-shaping", FitnessShaping.values(), FitnessShaping::key), top,
                r.choice("rank-by", RankRule.values(), RankRule::key),
                r.choice("observation-filter", ObservationFilter.values(), ObservationFilter::key),
                r.finite("reward-shift"), r.choice("orthogonal-norm", RowNorm.values(), RowNorm::key),
                r.integer("noise-table-size", 1), r.longValue("noise-seed"),
                r.choice("rollout-precision", Precision.values(), Precision::key), r.integer("eval-every", 0),
                r.integer("eval-episodes", 1), r.integer("final-eval-episodes", 1), r.integer("restart-after", 0),
                r.finite("restart-below"), r.integer("checkpoint-every", 0),
                policyGradient(r, r.string("agent")), r.string("defaults-from"));
        if (c.maxEnvSteps < 0) {
            throw InvalidConfigException.invalid("max-env-steps", c.maxEnvSteps, "an integer >= 0 (0 = no limit)");
        }
        if (c.iterations == 0 && c.maxEnvSteps == 0) {
            throw new InvalidConfigException("iterations", "Set iterations or max-env-steps: both are 0, so the run"
                    + " would never stop");
        }
        return c;
    }

    /**
     * The config of an evolution strategy's network after {@code restarts} restarts ({@code restart-after}): the
     * same, but for policy-options.seed, drawn from (seed, restarts), so that W_0 and the initial parameters are drawn
     * afresh. With no restarts, this config.
     */
    public TrainConfig restart(int restarts) {
        if (restarts == 0) {
            return this;
        }
        Map<String, String> options = new LinkedHashMap<>(policyOptions);
        options.put(PolicyFactory.NETWORK_SEED, Long.toString(Seeds.derive(seed, RESTART_STREAM, restarts, 0)));
        return new TrainConfig(env, envOptions, policy, options, actionHead, agent, seed, threads, iterations,
                maxEnvSteps, populationSize, sigma, learningRate, optimizer, momentum, adamBeta1, adamBeta2,
                adamEpsilon, weightDecay, fitnessShaping, topDirections, rankBy, observationFilter, rewardShift,
                orthogonalNorm, noiseTableSize, noiseSeed, rolloutPrecision, evalEvery, evalEpisodes,
                finalEvalEpisodes, restartAfter, restartBelow, checkpointEvery, pg, defaultsFrom);
    }

    /** The keys that apply to {@code agent}, in order. */
    public static List<Key> keys(String agent) {
        return KEYS.stream().filter(k -> k.scope().appliesTo(agent)).toList();
    }

    /**
     * The policy-gradient keys. The PPO-only ones read as the values that make the shared machinery plain REINFORCE
     * when the agent is not ppo: whole episodes (num-steps 0), λ = 1, one epoch of one minibatch, nothing clipped.
     */
    private static PgConfig policyGradient(ConfigReader r, String agent) {
        boolean ppo = agent.equals("ppo");
        int numEnvs = r.integer("num-envs", 1);
        int numSteps = ppo ? r.integer("num-steps", 1) : 0;
        int minibatches = ppo ? r.integer("num-minibatches", 1) : 1;
        if (ppo && (long) numEnvs * numSteps > Integer.MAX_VALUE / 2) {
            throw InvalidConfigException.invalid("num-steps", numSteps, "at most " + Integer.MAX_VALUE / 2 / numEnvs
                    + " steps per environment with num-envs " + numEnvs);
        }
        if (ppo && (numEnvs * numSteps) % minibatches != 0) {
            throw InvalidConfigException.invalid("num-minibatches", minibatches, "a divisor of the batch size"
                    + " num-envs × num-steps = " + numEnvs + " × " + numSteps + " = " + numEnvs * numSteps);
        }
        return new PgConfig(numEnvs, numSteps, r.discount("gamma"), ppo ? r.closedUnit("gae-lambda") : 1.0,
                minibatches, ppo ? r.integer("update-epochs", 1) : 1,
                ppo ? r.positive("clip-coef") : Double.POSITIVE_INFINITY, ppo && r.bool("clip-vloss"),
                r.nonNegative("ent-coef"), r.nonNegative("vf-coef"), r.nonNegative("max-grad-norm"),
                r.bool("norm-adv"), r.bool("anneal-lr"), ppo ? r.positiveOrNone("target-kl") : Double.NaN,
                r.finite("log-std-init"),
                r.choice("reward-scaling", PgConfig.RewardScaling.values(), PgConfig.RewardScaling::key),
                r.nonNegative("reward-clip"));
    }

    private static String checkKey(String key, String agent) {
        List<String> valid = keys(agent).stream().map(Key::name).toList();
        if (!KEY_NAMES.contains(key)) {
            throw new InvalidConfigException(key, "Unknown config key `" + key + "`. " + Names.suggestion(key, valid)
                    + "Valid keys: " + String.join(", ", valid));
        }
        if (!valid.contains(key)) {
            throw new InvalidConfigException(key, "Config key `" + key + "` does not apply to agent " + agent
                    + (isPolicyGradient(agent) ? " (a policy-gradient method)" : " (an evolution strategy)")
                    + "; the keys of " + agent + " are: " + String.join(", ", valid));
        }
        return key;
    }

    private static String checkName(String key, String value, List<String> known) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!known.contains(v)) {
            throw new InvalidConfigException(key, "Unknown " + key + " `" + value + "`. " + Names.suggestion(v, known)
                    + "Known: " + String.join(", ", known));
        }
        return v;
    }

    static Map<?, ?> asMap(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw InvalidConfigException.invalid(key, value, "a mapping of option: value");
    }

    private static String describe(Object tree) {
        return tree instanceof List<?> ? "a list" : "the scalar `" + tree + "`";
    }
}
