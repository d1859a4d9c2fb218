package org.odetoode.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.odetoode.agents.es.OrthogonalSampler.RowNorm;
import org.odetoode.modules.Names;
import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.rollout.HeadKind;
import org.odetoode.agents.rollout.ObservationFilter;
import org.odetoode.agents.shaping.FitnessShaping;
import org.odetoode.agents.shaping.TopDirections.RankRule;
import org.odetoode.modules.policy.HyperParameter;
import org.odetoode.modules.policy.Policies;

/**
 * Everything a training run depends on. Every key has one spelling: YAML {@code population-size}, CLI
 * {@code --set population-size=…} (or {@code --population-size} where the CLI has a flag), field
 * {@code populationSize}. Defaults depend on the agent (its paper's); {@link #KEYS} documents each key.
 * Resolution order: agent defaults, then the YAML file, then CLI overrides. Results depend on this record alone
 * (plus the code), never on {@code threads}.
 */
public record TrainConfig(
        String env, Map<String, String> envOptions, String policy, Map<String, String> policyOptions,
        HeadKind actionHead, String agent, long seed, int threads, int iterations, long maxEnvSteps,
        int populationSize, double sigma, double learningRate, Optimizer.Kind optimizer, double momentum,
        double adamBeta1, double adamBeta2, double adamEpsilon, double weightDecay, FitnessShaping fitnessShaping,
        Integer topDirections, RankRule rankBy, ObservationFilter observationFilter, double rewardShift,
        RowNorm orthogonalNorm, int noiseTableSize, long noiseSeed, int evalEvery, int evalEpisodes,
        int finalEvalEpisodes, int checkpointEvery) {

    /** The agents, in the order shown to users. */
    public static final List<String> AGENTS = List.of("es", "ars", "orthogonal-es");

    /** One documented key. */
    public record Key(String name, String description) {
    }

    /** Every key, in the order the resolved config is written. */
    public static final List<Key> KEYS = List.of(
            new Key("env", "environment id, e.g. CartPole-v1"),
            new Key("env-options", "keyword overrides for the environment, e.g. max-episode-steps"),
            new Key("policy", "network family: " + String.join(", ", Policies.NAMES)),
            new Key("policy-options", "network hyperparameters, e.g. d, steps"),
            new Key("action-head", "auto (discrete for Discrete, tanh for Box), discrete, tanh or clip"),
            new Key("agent", "evolution strategy: " + String.join(", ", AGENTS)),
            new Key("seed", "seeds the policy's initial parameters, perturbations and episodes"),
            new Key("threads", "rollout threads; 0 = all available cores; never changes results"),
            new Key("iterations", "iteration budget; 0 = no limit (then max-env-steps must be set)"),
            new Key("max-env-steps", "environment-step budget; 0 = no limit"),
            new Key("population-size", "episodes per iteration: 2 per direction (antithetic), even"),
            new Key("sigma", "perturbation scale σ > 0"),
            new Key("learning-rate", "optimiser step size α > 0"),
            new Key("optimizer", "adam or sgd"),
            new Key("momentum", "SGD momentum μ in [0, 1)"),
            new Key("adam-beta1", "Adam β₁ in [0, 1)"),
            new Key("adam-beta2", "Adam β₂ in [0, 1)"),
            new Key("adam-epsilon", "Adam ε > 0"),
            new Key("weight-decay", "L2 coefficient λ >= 0: the step ascends g − λθ"),
            new Key("fitness-shaping", "centered-rank, z-score or none"),
            new Key("top-directions", "ARS b: keep the best b directions; all = every direction"),
            new Key("rank-by", "how top-directions ranks a direction: max = max(r+, r−), diff = |r+ − r−|"),
            new Key("observation-filter", "none (ARS V1) or mean-std (ARS V2): running statistics, frozen in evaluation"),
            new Key("reward-shift", "subtracted from every step's reward in training rollouts (ARS shift)"),
            new Key("orthogonal-norm", "orthogonal-es direction lengths: chi or sqrt-dim"),
            new Key("noise-table-size", "float32 values in the shared noise table"),
            new Key("noise-seed", "seed of the shared noise table"),
            new Key("eval-every", "evaluate every K iterations; 0 = only at the end"),
            new Key("eval-episodes", "episodes per periodic evaluation"),
            new Key("final-eval-episodes", "episodes of the final evaluation"),
            new Key("checkpoint-every", "write a checkpoint every K iterations; 0 = only at the end"));

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

    /** The agent's defaults: its paper's hyperparameters, tuned where noted so that CartPole-v1 solves fast. */
    public static Map<String, Object> defaults(String agent) {
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
        d.put("eval-every", 10);
        d.put("eval-episodes", 10);
        d.put("final-eval-episodes", 100);
        d.put("checkpoint-every", 10);
        return d;
    }

    /**
     * Resolves a config: agent defaults, overlaid by {@code file} (a YAML mapping, may be empty), overlaid by
     * {@code overrides} (CLI values as strings; {@code policy-options.d} sets one entry of a map key).
     *
     * @throws InvalidConfigException naming the first bad key
     */
    public static TrainConfig resolve(Map<String, ?> file, Map<String, String> overrides) {
        Map<String, Object> layered = new LinkedHashMap<>();
        file.forEach((k, v) -> layered.put(checkKey(k), v));
        String agent = String.valueOf(overrides.getOrDefault("agent", String.valueOf(layered.getOrDefault("agent", "es"))));
        agent = checkName("agent", agent, AGENTS);
        Map<String, Object> merged = defaults(agent);
        merged.putAll(layered);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot > 0 && MAP_KEYS.contains(key.substring(0, dot))) {
                Map<String, Object> map = new LinkedHashMap<>();
                asMap(key.substring(0, dot), merged.get(key.substring(0, dot))).forEach((k, v) -> map.put(String.valueOf(k), v));
                map.put(key.substring(dot + 1), e.getValue());
                merged.put(key.substring(0, dot), map);
            } else {
                merged.put(checkKey(key), e.getValue());
            }
        }
        merged.put("agent", agent);
        return fromMap(merged);
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

    /** The resolved config as an ordered map of kebab-case keys, as written to the run directory. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", env);
        m.put("env-options", new TreeMap<>(envOptions));
        m.put("policy", policy);
        m.put("policy-options", new TreeMap<>(policyOptions));
        m.put("action-head", actionHead.key());
        m.put("agent", agent);
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
        m.put("eval-every", evalEvery);
        m.put("eval-episodes", evalEpisodes);
        m.put("final-eval-episodes", finalEvalEpisodes);
        m.put("checkpoint-every", checkpointEvery);
        return m;
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
        Reader r = new Reader(m);
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
                r.integer("noise-table-size", 1), r.longValue("noise-seed"), r.integer("eval-every", 0),
                r.integer("eval-episodes", 1), r.integer("final-eval-episodes", 1), r.integer("checkpoint-every", 0));
        if (c.maxEnvSteps < 0) {
            throw InvalidConfigException.invalid("max-env-steps", c.maxEnvSteps, "an integer >= 0 (0 = no limit)");
        }
        if (c.iterations == 0 && c.maxEnvSteps == 0) {
            throw new InvalidConfigException("iterations", "Set iterations or max-env-steps: both are 0, so the run"
                    + " would never stop");
        }
        return c;
    }

    private static String checkKey(String key) {
        if (!KEY_NAMES.contains(key)) {
            throw new InvalidConfigException(key, "Unknown config key `" + key + "`. " + Names.suggestion(key, KEY_NAMES)
                    + "Valid keys: " + String.join(", ", KEY_NAMES));
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

    private static Map<?, ?> asMap(String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw InvalidConfigException.invalid(key, value, "a mapping of option: value");
    }

    private static String describe(Object tree) {
        return tree instanceof List<?> ? "a list" : "the scalar `" + tree + "`";
    }

    /** Typed reads of the merged map; every failure names its key. */
    private record Reader(Map<String, Object> m) {
        String string(String key) {
            Object v = m.get(key);
            if (v == null || v instanceof Map<?, ?> || v instanceof List<?>) {
                throw InvalidConfigException.invalid(key, v, "a single value");
            }
            return v.toString().trim();
        }

        Map<String, String> map(String key) {
            Map<String, String> out = new LinkedHashMap<>();
            Object v = m.get(key);
            asMap(key, v == null ? Map.of() : v).forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
            return out;
        }

        long longValue(String key) {
            try {
                return Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                throw InvalidConfigException.invalid(key, m.get(key), "an integer");
            }
        }

        int integer(String key, int min) {
            long v;
            try {
                v = Long.parseLong(string(key));
            } catch (NumberFormatException e) {
                v = Long.MIN_VALUE;
            }
            if (v < min || v > Integer.MAX_VALUE) {
                throw InvalidConfigException.invalid(key, m.get(key), "an integer >= " + min);
            }
            return (int) v;
        }

        private double number(String key, String expected) {
            try {
                return Double.parseDouble(string(key));
            } catch (NumberFormatException e) {
                throw InvalidConfigException.invalid(key, m.get(key), expected);
            }
        }

        double finite(String key) {
            double v = number(key, "a finite number");
            if (!Double.isFinite(v)) {
                throw InvalidConfigException.invalid(key, m.get(key), "a finite number");
            }
            return v;
        }

        double positive(String key) {
            double v = number(key, "a number > 0");
            if (!(v > 0) || !Double.isFinite(v)) {
                throw InvalidConfigException.invalid(key, m.get(key), "a number > 0");
            }
            return v;
        }

        double nonNegative(String key) {
            double v = number(key, "a number >= 0");
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw InvalidConfigException.invalid(key, m.get(key), "a number >= 0");
            }
            return v;
        }

        double unit(String key) {
            double v = number(key, "a number in [0, 1)");
            if (!(v >= 0 && v < 1)) {
                throw InvalidConfigException.invalid(key, m.get(key), "a number in [0, 1)");
            }
            return v;
        }

        <E> E choice(String key, E[] values, Function<E, String> spelling) {
            String v = string(key).toLowerCase(Locale.ROOT);
            List<String> names = new ArrayList<>();
            for (E e : values) {
                names.add(spelling.apply(e));
                if (spelling.apply(e).equals(v)) {
                    return e;
                }
            }
            String hint = Names.suggestion(v, names).trim();
            throw InvalidConfigException.invalid(key, m.get(key), "one of [" + String.join(", ", names) + "]"
                    + (hint.isEmpty() ? "" : ". " + hint));
        }
    }
}
