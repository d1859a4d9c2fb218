package org.odetoode.envs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.odetoode.envs.wrappers.TimeLimit;

/**
 * The registry of environment ids, as Gymnasium's {@code gymnasium.make}.
 *
 * <p>Ids come from every {@link EnvProvider} on the class path (found with {@link ServiceLoader} the first time
 * the registry is used). {@code make} stacks wrappers in one fixed order, innermost first:
 * <ol>
 *   <li>the bare environment from the spec's factory, built with the spec's keywords and the overrides;</li>
 *   <li>the spec's own {@link EnvSpec#wrappers()}, in their listed order;</li>
 *   <li>{@link TimeLimit} with {@code max-episode-steps} (the spec's value unless overridden; 0 means none).</li>
 * </ol>
 * Anything else (normalisation, episode statistics, action rescaling) the caller wraps around the result.
 *
 * <p>Every provider's environments start their RNG from seed 0, so even an unseeded {@code reset} is
 * reproducible; reseed it with {@link Env#reset(long, Transition)}.
 */
public final class Envs {
    /** The override key that sets the TimeLimit; every id accepts it. */
    public static final String MAX_EPISODE_STEPS = "max-episode-steps";

    private Envs() {
    }

    private static final class Registry {
        static final Map<String, EnvSpec> SPECS = load();

        private static Map<String, EnvSpec> load() {
            Map<String, EnvSpec> specs = new TreeMap<>();
            Map<String, String> owners = new LinkedHashMap<>();
            for (EnvProvider provider : ServiceLoader.load(EnvProvider.class, Envs.class.getClassLoader())) {
                String owner = provider.getClass().getName();
                for (EnvSpec spec : provider.specs()) {
                    String previous = owners.putIfAbsent(spec.id(), owner);
                    if (previous != null) {
                        throw new IllegalStateException("Env id `" + spec.id() + "` is registered by both " + previous
                                + " and " + owner + "; rename one of them (a new version gets a new -vN)");
                    }
                    specs.put(spec.id(), spec);
                }
            }
            return Collections.unmodifiableMap(specs);
        }
    }

    /** Every registered id, sorted. */
    public static List<String> ids() {
        return List.copyOf(Registry.SPECS.keySet());
    }

    /**
     * The spec of {@code id}.
     *
     * @throws UnknownEnvException naming the closest ids when {@code id} is not registered
     */
    public static EnvSpec spec(String id) {
        EnvSpec spec = Registry.SPECS.get(id);
        if (spec == null) {
            throw new UnknownEnvException(id, closest(id, ids()), ids());
        }
        return spec;
    }

    /** {@code make(id, Map.of())}: the environment with its default keywords and wrappers. */
    public static Env make(String id) {
        return make(spec(id), Map.of());
    }

    /**
     * Makes {@code id} with keyword overrides, e.g. {@code Map.of("g", 9.81)} for Pendulum or
     * {@code Map.of("max-episode-steps", 1000)}.
     *
     * @throws UnknownEnvException for an unregistered id
     * @throws IllegalArgumentException for an unknown keyword or a value of the wrong type
     */
    public static Env make(String id, Map<String, ?> overrides) {
        return make(spec(id), overrides);
    }

    /** Makes an environment from a spec that need not be registered (tests, custom variants). */
    public static Env make(EnvSpec spec, Map<String, ?> overrides) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put(MAX_EPISODE_STEPS, spec.maxEpisodeSteps());
        defaults.putAll(spec.kwargs());
        Kwargs kwargs = Kwargs.merge(spec.id(), defaults, overrides);
        int maxEpisodeSteps = kwargs.getInt(MAX_EPISODE_STEPS);
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("Env `" + spec.id() + "`: " + MAX_EPISODE_STEPS
                    + " must be >= 0 (0 = no limit), got " + maxEpisodeSteps);
        }
        Env env = spec.factory().create(spec.id(), kwargs);
        for (var wrapper : spec.wrappers()) {
            env = wrapper.apply(env);
        }
        return maxEpisodeSteps > 0 ? new TimeLimit(env, maxEpisodeSteps) : env;
    }

    /** The candidates nearest to {@code id} by case-insensitive edit distance, if near enough to be a typo. */
    static List<String> closest(String id, List<String> candidates) {
        String needle = id.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, needle.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int d = LevenshteinDistance.getDefaultInstance().apply(needle, c.toLowerCase(Locale.ROOT));
            if (d > limit || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                out.clear();
            }
            out.add(c);
        }
        return out.size() > 3 ? out.subList(0, 3) : out;
    }
}
