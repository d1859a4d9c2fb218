package org.odetoode.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odetoode.envs.mujoco.MujocoRequired;
import org.odetoode.envs.mujoco.MujocoUnavailableException;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Discrete;

/** The contract every registered id must keep, as Gymnasium's {@code env_checker}. */
class EnvContractTest {
    private static final int STEPS = 300;

    static List<String> ids() {
        return Envs.ids();
    }

    /** {@link Envs#make}; a MuJoCo id that cannot load here is skipped (or fails in CI, see {@link MujocoRequired}). */
    private static Env make(String id, Map<String, ?> overrides) {
        try {
            return Envs.make(id, overrides);
        } catch (MujocoUnavailableException e) {
            throw MujocoRequired.skipOrFail(e.getMessage());
        }
    }

    private static Env make(String id) {
        return make(id, Map.of());
    }

    /** Observations, rewards and flags of one seeded run with seeded random actions, flattened. */
    private static List<Object> rollout(Env env, long seed) {
        Rng actions = new Rng(seed + 1000);
        List<Object> trace = new ArrayList<>();
        Transition t = new Transition(env.observationSpace().size());
        env.reset(seed, t);
        trace.add(t.observation.clone());
        for (int s = 0; s < STEPS; s++) {
            env.step(env.actionSpace().sample(actions), t);
            trace.add(t.observation.clone());
            trace.add(t.reward);
            trace.add(t.terminated);
            trace.add(t.truncated);
            if (t.done()) {
                env.reset(t);
                trace.add(t.observation.clone());
            }
        }
        return trace;
    }

    private static void assertSameTrace(List<Object> a, List<Object> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof double[] x) {
                assertArrayEquals(x, (double[]) b.get(i), 0.0, "entry " + i);
            } else {
                assertEquals(a.get(i), b.get(i), "entry " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void idAndSpacesAreConsistent(String id) {
        try (Env env = make(id)) {
            assertEquals(id, env.id());
            assertTrue(env.observationSpace() instanceof Box);
            assertTrue(env.actionSpace().size() >= 1);
            assertEquals(env.unwrapped().id(), id);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void sameSeedGivesSameEpisodeAndOtherSeedsDiffer(String id) {
        try (Env a = make(id); Env b = make(id)) {
            assertSameTrace(rollout(a, 7), rollout(b, 7));
            assertSameTrace(rollout(a, 7), rollout(a, 7));
            assertNotEquals(a.reset(7).observation[0], a.reset(8).observation[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void episodesDoNotDependOnTheThreadCount(String id) {
        List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L, 6L);
        List<List<Object>> sequential = seeds.stream().map(seed -> rollout(make(id), seed)).toList();
        List<List<Object>> parallel = seeds.parallelStream().map(seed -> rollout(make(id), seed)).toList();
        for (int i = 0; i < seeds.size(); i++) {
            assertSameTrace(sequential.get(i), parallel.get(i));
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void observationsLieInTheSpaceAndAreFloat32WhereTheSpaceIs(String id) {
        try (Env env = make(id)) {
            Box space = (Box) env.observationSpace();
            Rng actions = new Rng(3);
            Transition t = env.reset(3);
            for (int s = 0; s < STEPS; s++) {
                assertTrue(space.contains(t.observation), () -> id + " observation outside " + space);
                if (space.float32()) {
                    for (double v : t.observation) {
                        assertEquals(v, (float) v, 0.0, "float32 observation");
                    }
                }
                env.step(env.actionSpace().sample(actions), t);
                if (t.done()) {
                    env.reset(t);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void setStateRestoresTheFuture(String id) {
        try (Env env = make(id, Map.of(Envs.MAX_EPISODE_STEPS, 0))) {
            Rng rng = new Rng(11);
            Transition t = env.reset(11);
            for (int s = 0; s < 5; s++) {
                env.step(env.actionSpace().sample(rng), t);
            }
            double[] state = env.getState();
            double[] action = env.actionSpace().sample(rng);
            Transition first = env.step(action);
            env.setState(state);
            assertArrayEquals(state, env.getState(), 0.0);
            Transition second = env.step(action);
            assertArrayEquals(first.observation, second.observation, 0.0);
            assertEquals(first.reward, second.reward, 0.0);
            assertThrows(IllegalArgumentException.class, () -> env.setState(new double[state.length + 1]));
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void truncatesAtTheSpecsTimeLimit(String id) {
        int limit = Envs.spec(id).maxEpisodeSteps();
        assumeTrue(limit > 0, "no time limit");
        try (Env env = make(id)) {
            Transition t = env.reset(5);
            double[] state = env.getState();
            double[] action = env.actionSpace().sample(new Rng(5));
            int steps = 0;
            do {
                env.setState(state); // hold the start state so only the time limit can end the episode
                env.step(action, t);
                steps++;
            } while (!t.truncated && steps < limit + 1);
            assertEquals(limit, steps);
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void rejectsActionsOfTheWrongShape(String id) {
        try (Env env = make(id)) {
            env.reset(1);
            int n = env.actionSpace().size();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new double[n + 1]));
            assertTrue(e.getMessage().contains(id), e.getMessage());
            if (env.actionSpace() instanceof Discrete d) {
                assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {d.n()}));
                assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.5}));
                assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {-1}));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ids")
    void stepBeforeResetIsAnError(String id) {
        try (Env env = make(id)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> env.step(env.actionSpace().sample(new Rng(0))));
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }
}
