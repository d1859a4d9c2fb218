package org.odetoode.envs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.classic.CartPoleEnv;
import org.odetoode.envs.wrappers.RecordEpisodeStatistics;
import org.odetoode.envs.wrappers.TimeLimit;

class EnvsTest {

    @Test
    void registersTheClassicControlIdsWithTheReferenceLimits() {
        assertTrue(Envs.ids().containsAll(List.of("CartPole-v0", "CartPole-v1", "Pendulum-v1", "Acrobot-v1",
                "MountainCar-v0", "MountainCarContinuous-v0")));
        assertEquals(500, Envs.spec("CartPole-v1").maxEpisodeSteps());
        assertEquals(OptionalDouble.of(475.0), Envs.spec("CartPole-v1").rewardThreshold());
        assertEquals(200, Envs.spec("CartPole-v0").maxEpisodeSteps());
        assertEquals(200, Envs.spec("Pendulum-v1").maxEpisodeSteps());
        assertEquals(OptionalDouble.empty(), Envs.spec("Pendulum-v1").rewardThreshold());
        assertEquals(500, Envs.spec("Acrobot-v1").maxEpisodeSteps());
        assertEquals(200, Envs.spec("MountainCar-v0").maxEpisodeSteps());
        assertEquals(999, Envs.spec("MountainCarContinuous-v0").maxEpisodeSteps());
        assertEquals(Envs.ids().stream().sorted().toList(), Envs.ids());
    }

    @Test
    void makeWrapsTheBareEnvInItsTimeLimit() {
        Env env = Envs.make("CartPole-v1");
        TimeLimit limit = assertInstanceOf(TimeLimit.class, env);
        assertEquals(500, limit.maxEpisodeSteps());
        assertInstanceOf(CartPoleEnv.class, limit.inner());
        assertInstanceOf(CartPoleEnv.class, env.unwrapped());
    }

    @Test
    void overridesAcceptEverySpellingOfAKey() {
        assertEquals(1000, ((TimeLimit) Envs.make("CartPole-v1", Map.of("max-episode-steps", 1000))).maxEpisodeSteps());
        assertEquals(7, ((TimeLimit) Envs.make("CartPole-v1", Map.of("max_episode_steps", 7))).maxEpisodeSteps());
        assertEquals(8, ((TimeLimit) Envs.make("CartPole-v1", Map.of("maxEpisodeSteps", "8"))).maxEpisodeSteps());
        assertInstanceOf(CartPoleEnv.class, Envs.make("CartPole-v1", Map.of("max-episode-steps", 0)));
    }

    @Test
    void envKeywordsChangeTheDynamics() {
        Env weak = Envs.make("Pendulum-v1", Map.of("g", 0.0));
        Env normal = Envs.make("Pendulum-v1");
        for (Env env : List.of(weak, normal)) {
            env.reset(0);
            env.setState(new double[] {1.0, 0.0});
        }
        double[] zero = {0.0};
        Transition still = weak.step(zero);
        assertEquals(Math.sin(1.0), still.observation[1], 1e-6, "no gravity, no torque: the pendulum stays");
        assertNotEquals(still.observation[1], normal.step(zero).observation[1]);

        Env sutton = Envs.make("CartPole-v1", Map.of("sutton_barto_reward", true));
        sutton.reset(0);
        assertEquals(0.0, sutton.step(new double[] {1}).reward);
    }

    @Test
    void badKeywordsAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Pendulum-v1", Map.of("gravity", 9.81)));
        assertEquals("Env `Pendulum-v1` has no keyword `gravity`; its keywords are max-episode-steps, action-dtype, g",
                unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("Pendulum-v1", Map.of("g", "strong")));
        assertTrue(wrongType.getMessage().contains("keyword `g` must be a number"), wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v1", Map.of("action-dtype", "float16")));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v1", Map.of("max-episode-steps", -1)));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("CartPole-v1", Map.of("max-episode-steps", 1.5)));
    }

    @Test
    void unknownIdSuggestsTheClosest() {
        UnknownEnvException e = assertThrows(UnknownEnvException.class, () -> Envs.make("CartPol-v1"));
        assertTrue(e.getMessage().startsWith("Unknown env `CartPol-v1`. Did you mean `CartPole-v1`? Known ids: "),
                e.getMessage());
        assertEquals(List.of("CartPole-v1"), e.suggestions());
        assertEquals(List.of("Acrobot-v1"), assertThrows(UnknownEnvException.class, () -> Envs.spec("acrobot-v1"))
                .suggestions());
        assertEquals(List.of(), assertThrows(UnknownEnvException.class, () -> Envs.spec("Zebra-v9")).suggestions());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void aSpecCanAddWrappersInsideTheTimeLimit() {
        EnvSpec spec = new EnvSpec("Wrapped-v0", (id, kw) -> new CartPoleEnv(id, false), 3, OptionalDouble.empty(),
                Map.of(), List.of(RecordEpisodeStatistics::new));
        Env env = Envs.make(spec, Map.of());
        assertInstanceOf(RecordEpisodeStatistics.class, ((TimeLimit) env).inner());
        assertEquals("Wrapped-v0", env.id());
    }

    @Test
    void specsCheckTheirIdsAndKeywords() {
        EnvFactory f = (id, kw) -> new CartPoleEnv(id, false);
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("CartPole", f, 1, OptionalDouble.empty(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new EnvSpec("CartPole-v9", f, 1, OptionalDouble.empty(), Map.of("goal_velocity", 0.0)));
        assertThrows(IllegalArgumentException.class,
                () -> new EnvSpec("CartPole-v9", f, -1, OptionalDouble.empty(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new EnvSpec("CartPole-v9", f, 1, OptionalDouble.empty(), Map.of("max-episode-steps", 5)));
    }

    @Test
    void kwargsHaveOneCanonicalSpelling() {
        assertEquals("max-episode-steps", Kwargs.canonical("max_episode_steps"));
        assertEquals("max-episode-steps", Kwargs.canonical("maxEpisodeSteps"));
        assertEquals("max-episode-steps", Kwargs.canonical("max-episode-steps"));
        assertEquals("g", Kwargs.canonical("g"));
    }
}
