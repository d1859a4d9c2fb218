package org.odetoode.envs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How {@link Envs#make} builds one id, as Gymnasium's {@code EnvSpec}.
 *
 * @param id {@code Name-vN}, e.g. {@code CartPole-v1}
 * @param factory builds the bare environment
 * @param maxEpisodeSteps the {@link org.odetoode.envs.wrappers.TimeLimit} make applies; 0 for none
 * @param rewardThreshold the return at which the task counts as solved, if the reference defines one
 * @param kwargs the environment's keywords and their defaults (kebab-case keys, e.g. {@code goal-velocity}; kept
 *        sorted by key);
 *        make accepts overrides for exactly these keys plus {@code max-episode-steps}
 * @param wrappers wrappers this id always gets, applied innermost first, inside the TimeLimit
 */
public record EnvSpec(String id, EnvFactory factory, int maxEpisodeSteps, OptionalDouble rewardThreshold,
                      Map<String, Object> kwargs, List<UnaryOperator<Env>> wrappers) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_/.]+(-[A-Za-z0-9_]+)*-v\\d+");

    public EnvSpec {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Env id `" + id + "` must look like `Name-vN`, e.g. `CartPole-v1`");
        }
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("Env `" + id + "`: maxEpisodeSteps must be >= 0 (0 = no limit), got "
                    + maxEpisodeSteps);
        }
        for (String key : kwargs.keySet()) {
            if (!key.equals(Kwargs.canonical(key))) {
                throw new IllegalArgumentException("Env `" + id + "`: keyword `" + key + "` must be spelled `"
                        + Kwargs.canonical(key) + "`");
            }
        }
        kwargs = Collections.unmodifiableMap(new TreeMap<>(kwargs));
        wrappers = List.copyOf(wrappers);
    }

    /** A spec with no extra wrappers. */
    public EnvSpec(String id, EnvFactory factory, int maxEpisodeSteps, OptionalDouble rewardThreshold,
                   Map<String, Object> kwargs) {
        this(id, factory, maxEpisodeSteps, rewardThreshold, kwargs, List.of());
    }
}
