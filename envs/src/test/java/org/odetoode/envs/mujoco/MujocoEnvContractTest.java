package org.odetoode.envs.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;

/** Every MuJoCo id: loads, has the reference's sizes, is deterministic per seed, round-trips its state. */
@ExtendWith(MujocoRequired.class)
class MujocoEnvContractTest {

    /** id, observation size, action size, frame skip, dt (from gym 0.21 and the MJCF timesteps). */
    static Stream<Arguments> envs() {
        return Stream.of(
                Arguments.of("HalfCheetah-v3", 17, 6, 5, 0.05),
                Arguments.of("Hopper-v3", 11, 3, 4, 0.008),
                Arguments.of("Walker2d-v3", 17, 6, 4, 0.008),
                Arguments.of("Ant-v3", 111, 8, 5, 0.05),
                Arguments.of("Swimmer-v3", 8, 2, 4, 0.04),
                Arguments.of("Humanoid-v3", 376, 17, 5, 0.015),
                Arguments.of("Reacher-v2", 11, 2, 2, 0.02),
                Arguments.of("InvertedPendulum-v2", 4, 1, 2, 0.04),
                Arguments.of("InvertedDoublePendulum-v2", 11, 1, 5, 0.05));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void loadsWithTheReferenceSizes(String id, int observationSize, int actionSize, int frameSkip, double dt) {
        try (MujocoEnv env = MujocoTestEnvs.make(id)) {
            assertEquals(id, env.id());
            assertEquals(observationSize, env.observationSpace().size());
            assertEquals(actionSize, env.actionSpace().size());
            assertEquals(frameSkip, env.frameSkip());
            assertEquals(dt, env.dt(), 1e-12);
            Transition t = env.reset(7);
            assertEquals(observationSize, t.observation.length);
            assertTrue(env.observationSpace().contains(t.observation));
            env.step(env.actionSpace().sample(new Rng(1)), t);
            assertTrue(env.observationSpace().contains(t.observation));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void sameSeedSameEpisode(String id) {
        try (MujocoEnv a = MujocoTestEnvs.make(id); MujocoEnv b = MujocoTestEnvs.make(id)) {
            // b first runs another episode: reset(seed) must not depend on what came before.
            b.reset(99);
            b.step(b.actionSpace().sample(new Rng(5)));
            Transition ta = a.reset(42);
            Transition tb = b.reset(42);
            assertArrayEquals(ta.observation, tb.observation);
            Rng actions = new Rng(3);
            for (int i = 0; i < 100 && !ta.terminated; i++) {
                double[] action = a.actionSpace().sample(actions);
                a.step(action, ta);
                b.step(action, tb);
                assertArrayEquals(ta.observation, tb.observation, "step " + i);
                assertEquals(ta.reward, tb.reward, "step " + i);
                assertEquals(ta.terminated, tb.terminated, "step " + i);
            }
            assertFalse(Arrays.equals(a.reset(1).observation, a.reset(2).observation),
                    "different seeds should give different initial states");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void setStateCarriesTheStateToAnotherInstance(String id) {
        try (MujocoEnv a = MujocoTestEnvs.make(id); MujocoEnv b = MujocoTestEnvs.make(id)) {
            Transition t = a.reset(11);
            Rng actions = new Rng(4);
            for (int i = 0; i < 5; i++) {
                a.step(a.actionSpace().sample(actions), t);
            }
            double[] state = a.getState();
            // ctrl is not part of the state (as in gym) but shows in qfrc_actuator: zero it in both by a reset.
            a.reset(13);
            a.setState(state);
            b.reset(12);
            b.setState(state);
            assertArrayEquals(state, b.getState());
            // Both now hold the state after mj_forward; observations agree (contact forces included, as the
            // contacts are recomputed from positions).
            double[] oa = new double[t.observation.length];
            double[] ob = new double[t.observation.length];
            a.observe(oa);
            b.observe(ob);
            assertArrayEquals(oa, ob);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void setStateRestoresTheFutureExactly(String id) {
        try (MujocoEnv a = MujocoTestEnvs.make(id); MujocoEnv b = MujocoTestEnvs.make(id)) {
            Rng rng = new Rng(21);
            Transition t = a.reset(21);
            for (int i = 0; i < 8; i++) {
                a.step(a.actionSpace().sample(rng), t);
            }
            double[] state = a.getState();
            double[] action = a.actionSpace().sample(rng);
            Transition first = a.step(action);
            b.setState(state);
            Transition second = b.step(action);
            a.setState(state);
            Transition third = a.step(action);
            for (Transition again : new Transition[] {second, third}) {
                assertArrayEquals(first.observation, again.observation, 0.0);
                assertEquals(first.reward, again.reward, 0.0);
                assertEquals(first.terminated, again.terminated);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void shortStateIsQposAndQvelWithAColdSolver(String id) {
        try (MujocoEnv env = MujocoTestEnvs.make(id)) {
            // After a reset the solver started cold and the remembered values come from the forward pass, which
            // is what setting qpos and qvel alone reproduces (to rounding: the forward pass renormalises quaternions).
            env.reset(4);
            double[] afterReset = env.getState();
            env.reset(5);
            int n = env.sim.nq + env.sim.nv;
            env.setState(Arrays.copyOf(afterReset, n));
            double[] restored = env.getState();
            assertArrayEquals(Arrays.copyOf(afterReset, n), Arrays.copyOf(restored, n), 0.0);
            assertArrayEquals(afterReset, restored, 1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void stepBeforeResetIsAnError(String id) {
        try (MujocoEnv env = MujocoTestEnvs.make(id)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> env.step(env.actionSpace().sample(new Rng(0))));
            assertTrue(e.getMessage().startsWith(id + ": step was called before reset"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void rejectsBadInputAndUseAfterClose(String id) {
        MujocoEnv env = MujocoTestEnvs.make(id);
        env.reset(0);
        double[] tooLong = new double[env.actionSpace().size() + 1];
        IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class, () -> env.step(tooLong));
        assertTrue(wrongLength.getMessage().contains("length " + env.actionSpace().size()), wrongLength.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.setState(new double[1]));
        env.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> env.reset(0));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    /** Observations of a 200-step seeded episode with seeded random actions, concatenated. */
    private static double[] episode(String id, long seed) {
        try (MujocoEnv env = MujocoTestEnvs.make(id)) {
            Transition t = env.reset(seed);
            Rng actions = new Rng(seed);
            double[] trace = new double[200 * t.observation.length];
            for (int i = 0; i < 200 && !t.terminated; i++) {
                env.step(env.actionSpace().sample(actions), t);
                System.arraycopy(t.observation, 0, trace, i * t.observation.length, t.observation.length);
            }
            return trace;
        }
    }

    @org.junit.jupiter.api.Test
    void episodesAreTheSameOnOneThreadAndOnFour() throws Exception {
        String[] ids = {"HalfCheetah-v3", "Ant-v3", "Humanoid-v3", "Hopper-v3"};
        double[][] sequential = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            sequential[i] = episode(ids[i], i);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<double[]>>();
            for (int i = 0; i < ids.length; i++) {
                String id = ids[i];
                long seed = i;
                futures.add(pool.submit(() -> episode(id, seed)));
            }
            for (int i = 0; i < ids.length; i++) {
                assertArrayEquals(sequential[i], futures.get(i).get(), 0.0, ids[i]);
            }
        } finally {
            pool.shutdown();
        }
    }

    @org.junit.jupiter.api.Test
    void antWithoutContactForcesHas27Observations() {
        try (MujocoEnv env = MujocoTestEnvs.make("Ant-v3", Map.of(MujocoProvider.USE_CONTACT_FORCES, false))) {
            assertEquals(27, env.observationSpace().size());
            Transition t = env.reset(0);
            env.step(new double[8], t);
            assertEquals(0.0, (Double) t.info().get("reward_contact"), 0.0);
        }
    }

    @org.junit.jupiter.api.Test
    void providerRegistersTheGymLimitsAndThresholds() {
        var specs = new MujocoProvider().specs();
        assertEquals(envs().map(a -> (String) a.get()[0]).toList(), specs.stream().map(s -> s.id()).toList());
        assertEquals(50, MujocoTestEnvs.spec("Reacher-v2").maxEpisodeSteps());
        assertEquals(1000, MujocoTestEnvs.spec("HalfCheetah-v3").maxEpisodeSteps());
        assertEquals(4800.0, MujocoTestEnvs.spec("HalfCheetah-v3").rewardThreshold().getAsDouble());
        assertTrue(MujocoTestEnvs.spec("Humanoid-v3").rewardThreshold().isEmpty());
    }

    @org.junit.jupiter.api.Test
    void unknownKeywordIsExplained() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> MujocoTestEnvs.make("Hopper-v3", Map.of("use-contact-forces", true)));
        assertTrue(key.getMessage().contains("none"), key.getMessage());
    }
}
