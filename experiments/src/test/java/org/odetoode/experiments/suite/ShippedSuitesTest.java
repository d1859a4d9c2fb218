package org.odetoode.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.mujoco.MujocoUnavailableException;
import org.odetoode.supervised.data.DatasetLocator;

/** The suites under experiments/suites/ parse, and their comments' claims about sizes hold. */
class ShippedSuitesTest {
    private static final Path DIR = Path.of("suites");

    @Test
    void classicComparesFivePoliciesOnFourEnvsWithTheMlpMatchedToOdetoode() {
        Suite s = SuiteFile.read(DIR.resolve("classic.yaml"));
        assertEquals(4 * 5 * 5, s.cells().size());
        for (String env : Set.of("CartPole-v1", "Acrobot-v1", "Pendulum-v1", "MountainCarContinuous-v0")) {
            Map<String, Integer> counts = counts(s, env);
            assertEquals(counts.get("odetoode"), counts.get("mlp-16x16"), env + ": " + counts);
            assertEquals(counts.get("odetoode"), counts.get("odetoode-unrestricted"), env + ": " + counts);
        }
    }

    @Test
    void depthKeepsTheParameterCountAcrossStepsAndHorizons() {
        Suite s = SuiteFile.read(DIR.resolve("depth.yaml"));
        assertEquals(2 * 30 * 5, s.cells().size());
        for (String env : Set.of("CartPole-v1", "Pendulum-v1")) {
            Set<Integer> known = counts(s, env).values().stream().filter(n -> n != Cell.UNKNOWN)
                    .collect(Collectors.toSet());
            assertEquals(1, known.size(), env + ": " + counts(s, env));
        }
        // every restricted flow builds; the unrestricted ones that blow up at their initial parameters are long ones
        counts(s, "CartPole-v1").forEach((label, n) -> assertTrue(n != Cell.UNKNOWN
                || (label.startsWith("unrestricted") && !label.endsWith("-T1")), label));
    }

    @Test
    void paperRlParsesWithEveryPolicyOfThePaper() {
        assumeTrue("1".equals(System.getenv("ODETOODE_REQUIRE_MUJOCO")) || mujocoLoads(), "MuJoCo cannot load here");
        Suite s = SuiteFile.read(DIR.resolve("paper-rl.yaml"));
        assertEquals(7 * 9 * 5, s.cells().size());
        assertTrue(s.cells().stream().anyMatch(c -> c.policy().equals("nanode")));
        Map<String, Integer> cheetah = counts(s, "HalfCheetah-v3");
        assertEquals(cheetah.get("odetoode"), cheetah.get("mlp-16x16"), cheetah.toString());
    }

    /** The MuJoCo comparisons of issue 17: five policies, report seeds 0-4, tuned on other seeds, equal budgets. */
    @Test
    void theLocomotionComparisonsGiveEveryPolicyTheSameBudgetOnSeedsNeverTuned() {
        assumeTrue("1".equals(System.getenv("ODETOODE_REQUIRE_MUJOCO")) || mujocoLoads(), "MuJoCo cannot load here");
        Map<String, Integer> envs = Map.of("halfcheetah.yaml", 1, "halfcheetah-tuned.yaml", 1, "swimmer.yaml", 1,
                "swimmer-tuned.yaml", 1, "locomotion-short.yaml", 3);
        envs.forEach((file, envCount) -> {
            Suite s = SuiteFile.read(DIR.resolve(file));
            assertEquals(envCount * 5 * 5, s.cells().size(), file);
            assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), s.cells().stream().map(Cell::seed).collect(Collectors.toSet()),
                    file);
            for (String env : s.cells().stream().map(Cell::env).collect(Collectors.toSet())) {
                Set<Long> budgets = s.cells().stream().filter(c -> c.env().equals(env))
                        .map(c -> c.config().maxEnvSteps()).collect(Collectors.toSet());
                assertEquals(1, budgets.size(), file + " " + env + ": " + budgets);
                Map<String, Integer> counts = counts(s, env);
                assertEquals(counts.get("odetoode"), counts.get("mlp-16x16"), file + " " + env + ": " + counts);
            }
        });
    }

    /** mnistc: four policies of one size on both datasets, 3 seeds of 5 epochs, d = 64 and N = 10. */
    @Test
    void mnistcComparesFourPoliciesOfOneSizeOnBothDatasets() {
        assumeTrue(installed("fashion-mnist") && installed("mnist"), "Fashion-MNIST or MNIST is not installed here");
        Suite s = SuiteFile.read(DIR.resolve("mnistc.yaml"));
        assertEquals(2 * 4 * 3, s.cells().size());
        assertTrue(s.cells().stream().allMatch(c -> c.isSupervised() && c.supervised().epochs() == 5));
        Cell ode = s.cells().get(0);
        assertEquals(Map.of("d", "64", "steps", "10", "seed", "0"), ode.supervised().policyOptions());
        for (String dataset : Set.of("fashion-mnist", "mnist")) {
            Map<String, Integer> counts = counts(s, dataset);
            assertEquals(Set.of("odetoode", "odetoode-unrestricted", "baseode", "mlp-64x64"), counts.keySet());
            assertEquals(counts.get("odetoode"), counts.get("odetoode-unrestricted"), counts.toString());
            assertEquals(counts.get("odetoode"), counts.get("mlp-64x64"), counts.toString());
        }
        assertEquals(3, SuiteFile.read(DIR.resolve("mnistc-tiny.yaml")).cells().stream().map(Cell::label).distinct()
                .count());
    }

    private static boolean installed(String dataset) {
        try {
            DatasetLocator.locate(dataset);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean mujocoLoads() {
        try (Env env = Envs.make("HalfCheetah-v3")) {
            return true;
        } catch (MujocoUnavailableException e) {
            return false;
        }
    }

    /** Policy label to parameter count on {@code env}. */
    private static Map<String, Integer> counts(Suite s, String env) {
        return s.cells().stream().filter(c -> c.env().equals(env) && c.seed() == 0)
                .collect(Collectors.toMap(Cell::label, Cell::parameterCount));
    }
}
