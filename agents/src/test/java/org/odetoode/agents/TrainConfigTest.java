package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainConfigTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("sigam: 0.1", "sigam", "Unknown config key `sigam`. Did you mean `sigma`? Valid keys: env, "),
                Arguments.of("sigma: 0", "sigma", "Invalid sigma `0`: expected a number > 0"),
                Arguments.of("sigma: -0.02", "sigma", "Invalid sigma `-0.02`: expected a number > 0"),
                Arguments.of("population-size: 25", "population-size", "Invalid population-size `25`: expected an even"
                        + " integer >= 2 (antithetic sampling evaluates θ + σε and θ − σε for every direction)"),
                Arguments.of("population-size: 20\ntop-directions: 11", "top-directions", "Invalid top-directions `11`:"
                        + " expected at most 10, the number of directions (population-size 20 / 2), or all"),
                Arguments.of("agent: ess", "agent", "Unknown agent `ess`. Did you mean `es`? Known: es, ars, orthogonal-es"),
                Arguments.of("policy: odetode", "policy", "Unknown policy `odetode`. Did you mean `odetoode`? Known: "),
                Arguments.of("optimizer: adamw", "optimizer", "Invalid optimizer `adamw`: expected one of [adam, sgd]."
                        + " Did you mean `adam`?"),
                Arguments.of("learning-rate: fast", "learning-rate", "Invalid learning-rate `fast`: expected a number > 0"),
                Arguments.of("momentum: 1.0", "momentum", "Invalid momentum `1.0`: expected a number in [0, 1)"),
                Arguments.of("iterations: 0\nmax-env-steps: 0", "iterations", "Set iterations or max-env-steps: both are 0,"
                        + " so the run would never stop"),
                Arguments.of("eval-episodes: 0", "eval-episodes", "Invalid eval-episodes `0`: expected an integer >= 1"),
                Arguments.of("policy-options:\n  dd: 16", "policy-options", "Unknown policy-options key `dd` for policy"
                        + " odetoode. Did you mean `d`? Valid keys: d, steps, T"),
                Arguments.of("policy-options: 16", "policy-options", "Invalid policy-options `16`: expected a mapping of"
                        + " option: value"),
                Arguments.of("fitness-shaping: rank", "fitness-shaping", "Invalid fitness-shaping `rank`: expected one of"
                        + " [centered-rank, z-score, none]"),
                Arguments.of("- sigma\n- 0.1", "config", "must be a YAML mapping of key: value, got a list"),
                Arguments.of("sigma: [0.1", "config", "is not valid YAML"),
                // policy gradient
                Arguments.of("agent: ppo\nclip-coef: 0", "clip-coef", "Invalid clip-coef `0`: expected a number > 0"),
                Arguments.of("agent: ppo\nclip-coef: -0.1", "clip-coef", "Invalid clip-coef `-0.1`: expected a number > 0"),
                Arguments.of("agent: ppo\nnum-minibatches: 3", "num-minibatches", "Invalid num-minibatches `3`: expected"
                        + " a divisor of the batch size num-envs × num-steps = 4 × 128 = 512"),
                Arguments.of("agent: ppo\nnum-envs: 2\nnum-steps: 100\nnum-minibatches: 400", "num-minibatches",
                        "Invalid num-minibatches `400`: expected a divisor of the batch size num-envs × num-steps"
                        + " = 2 × 100 = 200"),
                Arguments.of("agent: ppo\ngamma: 1.5", "gamma", "Invalid gamma `1.5`: expected a number in (0, 1]"),
                Arguments.of("agent: reinforce\ngamma: 0", "gamma", "Invalid gamma `0`: expected a number in (0, 1]"),
                Arguments.of("agent: ppo\ngae-lambda: 1.1", "gae-lambda", "Invalid gae-lambda `1.1`: expected a number in"
                        + " [0, 1]"),
                Arguments.of("agent: ppo\nupdate-epochs: 0", "update-epochs", "Invalid update-epochs `0`: expected an"
                        + " integer >= 1"),
                Arguments.of("agent: ppo\ntarget-kl: 0", "target-kl", "Invalid target-kl `0`: expected a number > 0 or"
                        + " none"),
                Arguments.of("agent: ppo\nclip-vloss: maybe", "clip-vloss", "Invalid clip-vloss `maybe`: expected true"
                        + " or false"),
                Arguments.of("agent: ppo\nent-coef: -0.01", "ent-coef", "Invalid ent-coef `-0.01`: expected a number"
                        + " >= 0"),
                Arguments.of("agent: reinforce\nreward-scaling: std", "reward-scaling", "Invalid reward-scaling `std`:"
                        + " expected one of [none, return-std]"),
                Arguments.of("agent: ppo\nsigma: 0.1", "sigma", "Config key `sigma` does not apply to agent ppo (a"
                        + " policy-gradient method); the keys of ppo are: env, env-options, policy, policy-options,"
                        + " action-head, agent, defaults-from, seed, threads, iterations, max-env-steps, learning-rate, adam-beta1,"
                        + " adam-beta2, adam-epsilon, observation-filter, num-envs, num-steps, gamma, gae-lambda,"
                        + " num-minibatches, update-epochs, clip-coef, clip-vloss, ent-coef, vf-coef, max-grad-norm,"
                        + " norm-adv, anneal-lr, target-kl, log-std-init, reward-scaling, reward-clip, eval-every,"
                        + " eval-episodes, final-eval-episodes, checkpoint-every"),
                Arguments.of("clip-coef: 0.2", "clip-coef", "Config key `clip-coef` does not apply to agent es (an"
                        + " evolution strategy); the keys of es are: env, env-options, policy, policy-options,"
                        + " action-head, agent, defaults-from, seed, threads, iterations, max-env-steps, population-size, sigma,"),
                Arguments.of("agent: reinforce\nclip-coef: 0.2", "clip-coef", "Config key `clip-coef` does not apply"
                        + " to agent reinforce (a policy-gradient method); the keys of reinforce are: "),
                Arguments.of("agent: ppo\nclip-cof: 0.2", "clip-cof", "Unknown config key `clip-cof`. Did you mean"
                        + " `clip-coef`? Valid keys: env, "));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void eachMalformedConfigHasItsOwnClearMessage(String yaml, String key, String message) throws Exception {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, yaml);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TrainConfig.resolve(TrainConfig.readYaml(file), Map.of()));
        assertEquals(key, e.key());
        assertContains(e.getMessage(), message);
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    private static void assertContains(String actual, String expected) {
        if (!actual.contains(expected)) {
            assertEquals(expected, actual);
        }
    }

    @Test
    void cliOverridesWinOverTheFileAndTheFileOverDefaults() throws Exception {
        Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "sigma: 0.2\npopulation-size: 30\npolicy-options:\n  d: 8\n");
        TrainConfig c = TrainConfig.resolve(TrainConfig.readYaml(file),
                Map.of("sigma", "0.3", "policy-options.steps", "5"));
        assertEquals(0.3, c.sigma());
        assertEquals(30, c.populationSize());
        assertEquals(Map.of("d", "8", "steps", "5"), c.policyOptions());
        assertEquals(0.05, c.learningRate());
    }

    @Test
    void theResolvedConfigRoundTripsThroughYaml() throws Exception {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("agent", "ars", "policy", "linear", "seed", "7"));
        Path file = tmp.resolve("resolved.yaml");
        Files.writeString(file, c.toYaml());
        assertEquals(c.toMap(), TrainConfig.resolve(TrainConfig.readYaml(file), Map.of()).toMap());
        assertEquals(4, c.usedDirections());
    }

    @Test
    void policyGradientDefaultsFollowTheActionSpaceAsCleanRlsTwoScripts() {
        TrainConfig discrete = TrainConfig.resolve(Map.of(), Map.of("agent", "ppo"));
        assertEquals(4, discrete.pg().numEnvs());
        assertEquals(128, discrete.pg().numSteps());
        assertEquals(2.5e-4, discrete.learningRate());
        assertEquals(0.01, discrete.pg().entCoef());
        assertEquals(500_000, discrete.maxEnvSteps());
        assertEquals(0, discrete.iterations());
        TrainConfig box = TrainConfig.resolve(Map.of("env", "Pendulum-v1", "num-envs", 2),
                Map.of("agent", "ppo"));
        assertEquals(2, box.pg().numEnvs(), "a given value wins over the Box default");
        assertEquals(2048, box.pg().numSteps());
        assertEquals(32, box.pg().numMinibatches());
        assertEquals(10, box.pg().updateEpochs());
        assertEquals(3e-4, box.learningRate());
        assertEquals(0.0, box.pg().entCoef());
        assertEquals("mean-std", box.observationFilter().key());
        assertEquals(PgConfig.RewardScaling.RETURN_STD, box.pg().rewardScaling());
        assertEquals(10.0, box.pg().rewardClip());
        assertEquals(1e-5, box.adamEpsilon());
    }

    @Test
    void aPolicyGradientConfigRoundTripsAndWritesOnlyItsOwnKeys() throws Exception {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("agent", "ppo", "env", "Pendulum-v1",
                "target-kl", "0.02", "clip-vloss", "false"));
        Path file = tmp.resolve("ppo.yaml");
        Files.writeString(file, c.toYaml());
        assertEquals(c.toMap(), TrainConfig.resolve(TrainConfig.readYaml(file), Map.of()).toMap());
        assertEquals(0.02, c.pg().targetKl());
        assertFalse(c.toMap().containsKey("sigma"));
        assertFalse(TrainConfig.resolve(Map.of(), Map.of()).toMap().containsKey("clip-coef"));
        assertFalse(TrainConfig.resolve(Map.of(), Map.of("agent", "reinforce")).toMap().containsKey("clip-coef"));
    }

    @Test
    void unknownCliKeysAreRejectedToo() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TrainConfig.resolve(Map.of(), Map.of("populaton-size", "10")));
        assertContains(e.getMessage(), "Unknown config key `populaton-size`. Did you mean `population-size`?");
    }
}
