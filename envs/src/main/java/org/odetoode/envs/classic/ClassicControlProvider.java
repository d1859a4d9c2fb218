package org.odetoode.envs.classic;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.odetoode.envs.EnvFactory;
import org.odetoode.envs.EnvProvider;
import org.odetoode.envs.EnvSpec;
import org.odetoode.envs.Kwargs;

/**
 * Registers the classic-control ports with the ids, time limits, reward thresholds and keywords of Gymnasium's
 * {@code envs/__init__.py}.
 */
public final class ClassicControlProvider implements EnvProvider {
    /** The keyword of the Box-action ports that selects their {@link ActionDtype}. */
    public static final String ACTION_DTYPE = "action-dtype";

    @Override
    public List<EnvSpec> specs() {
        EnvFactory cartPole = (id, kw) -> new CartPoleEnv(id, kw.getBoolean("sutton-barto-reward"));
        Map<String, Object> cartPoleKwargs = Map.of("sutton-barto-reward", false);
        return List.of(
                new EnvSpec("CartPole-v0", cartPole, 200, OptionalDouble.of(195.0), cartPoleKwargs),
                new EnvSpec("CartPole-v1", cartPole, 500, OptionalDouble.of(475.0), cartPoleKwargs),
                new EnvSpec("Pendulum-v1", (id, kw) -> new PendulumEnv(id, kw.getDouble("g"), dtype(id, kw)),
                        200, OptionalDouble.empty(), Map.of("g", 10.0, ACTION_DTYPE, ActionDtype.FLOAT64.keyword())),
                new EnvSpec("Acrobot-v1", (id, kw) -> new AcrobotEnv(id),
                        500, OptionalDouble.of(-100.0), Map.of()),
                new EnvSpec("MountainCar-v0", (id, kw) -> new MountainCarEnv(id, kw.getDouble("goal-velocity")),
                        200, OptionalDouble.of(-110.0), Map.of("goal-velocity", 0.0)),
                new EnvSpec("MountainCarContinuous-v0",
                        (id, kw) -> new MountainCarContinuousEnv(id, kw.getDouble("goal-velocity"), dtype(id, kw)),
                        999, OptionalDouble.of(90.0),
                        Map.of("goal-velocity", 0.0, ACTION_DTYPE, ActionDtype.FLOAT64.keyword())));
    }

    private static ActionDtype dtype(String id, Kwargs kw) {
        return ActionDtype.parse(id, kw.getString(ACTION_DTYPE));
    }
}
