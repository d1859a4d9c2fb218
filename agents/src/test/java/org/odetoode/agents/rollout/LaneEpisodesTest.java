package org.odetoode.agents.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.agents.EsTrainer;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.mujoco.MujocoUnavailableException;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Precision;
import org.odetoode.modules.policy.Policy;

/**
 * Rollouts in lanes against the per-candidate loop: the same returns, lengths and observation statistics for every
 * candidate, bit for bit, on each classic-control env the lanes cover, for any number of threads; lanes refill as
 * episodes of very different lengths end, and infeasible candidates are skipped on the way.
 */
class LaneEpisodesTest {

    private static Policy policy(String env, String name, Map<String, String> options) {
        Env probe = Envs.make(env);
        Policy p = PolicyFactory.create(name, options, HeadKind.AUTO, 3, probe);
        p.network().setForwardPrecision(Precision.FLOAT32);
        return p;
    }

    /** {@code size} candidates θ + σ·N(0, 1) around the policy's initial θ, seeded by {@code seed}. */
    private static RolloutExecutor.Batch batch(Policy policy, int size, double sigma, long seed) {
        return batch(policy.network().parameters(), size, i -> sigma, seed);
    }

    /** {@code size} candidates θ + σ_i·N(0, 1) around {@code theta}, seeded by {@code seed}. */
    private static RolloutExecutor.Batch batch(double[] theta, int size, IntToDoubleFunction sigma, long seed) {
        double[][] candidates = new double[size][];
        Rng rng = new Rng(seed);
        for (int i = 0; i < size; i++) {
            candidates[i] = theta.clone();
            for (int j = 0; j < theta.length; j++) {
                candidates[i][j] += sigma.applyAsDouble(i) * rng.nextGaussian();
            }
        }
        return new RolloutExecutor.Batch() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void parameters(int i, double[] out) {
                System.arraycopy(candidates[i], 0, out, 0, out.length);
            }

            @Override
            public long seed(int i) {
                return seed * 1000 + i / 2;
            }
        };
    }

    /** A filter that really moves and scales the observations. */
    private static MeanStdFilter filter(int dimension) {
        double[] mean = new double[dimension];
        double[] m2 = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            mean[i] = 0.01 * (i + 1);
            m2[i] = 5.0 * (i + 2);
        }
        return new MeanStdFilter(20, mean, m2);
    }

    private static RolloutExecutor.Results run(RolloutExecutor ex, RolloutExecutor.Batch batch, int dimension) {
        return ex.run(batch, filter(dimension), true, 0.25);
    }

    private static void assertSame(RolloutExecutor.Results expected, RolloutExecutor.Results actual, String what) {
        assertArrayEquals(expected.returns(), actual.returns(), 0.0, what + " returns");
        assertArrayEquals(expected.rawReturns(), actual.rawReturns(), 0.0, what + " raw returns");
        assertArrayEquals(expected.lengths(), actual.lengths(), what + " lengths");
        assertArrayEquals(expected.infeasible(), actual.infeasible(), what + " infeasible");
        for (int i = 0; i < expected.observations().length; i++) {
            if (expected.observations()[i] == null) {
                assertEquals(null, actual.observations()[i]);
                continue;
            }
            assertEquals(expected.observations()[i].count(), actual.observations()[i].count(), what);
            assertArrayEquals(expected.observations()[i].means(), actual.observations()[i].means(), 0.0, what);
            assertArrayEquals(expected.observations()[i].sumsOfSquares(), actual.observations()[i].sumsOfSquares(),
                    0.0, what);
        }
    }

    @ParameterizedTest(name = "{0}, sigma {1}")
    @CsvSource({"CartPole-v1, 0.5", "Pendulum-v1, 0.3", "Acrobot-v1, 0.5", "MountainCar-v0, 0.5",
        "MountainCarContinuous-v0, 0.3", "CartPole-v0, 0.05"})
    void lanesGiveEveryCandidateTheResultsOfItsOwnEpisode(String env, double sigma) {
        // More candidates than lanes, and a count that leaves the last group partly filled.
        assertLanesMatchPerCandidate(env, sigma, 37, new long[] {1, 2}, new int[] {1, 2, 3});
    }

    /** MuJoCo in lanes too: Hopper and Walker2d fall, InvertedPendulum tips, so lanes refill at different steps. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Hopper-v3, 0.3", "Walker2d-v3, 0.3", "InvertedPendulum-v2, 0.5"})
    void mujocoEpisodesInLanesAreTheirOwn(String env, double sigma) {
        assumeTrue("1".equals(System.getenv("ODETOODE_REQUIRE_MUJOCO")) || mujocoLoads(), "MuJoCo cannot load here");
        assertLanesMatchPerCandidate(env, sigma, 21, new long[] {3}, new int[] {1, 2});
    }

    private static boolean mujocoLoads() {
        try (Env env = Envs.make("Hopper-v3")) {
            return true;
        } catch (MujocoUnavailableException e) {
            return false;
        }
    }

    private static void assertLanesMatchPerCandidate(String env, double sigma, int candidates, long[] seeds,
            int[] threadCounts) {
        Policy policy = policy(env, "odetoode", Map.of());
        int dimension = Envs.make(env).observationSpace().size();
        for (long seed : seeds) {
            RolloutExecutor.Batch batch = batch(policy, candidates, sigma, seed);
            RolloutExecutor.Results reference;
            try (RolloutExecutor ex = RolloutExecutor.perCandidate(1, () -> Envs.make(env), policy)) {
                assertFalse(ex.lanes());
                reference = run(ex, batch, dimension);
            }
            for (int threads : threadCounts) {
                try (RolloutExecutor ex = new RolloutExecutor(threads, () -> Envs.make(env), policy)) {
                    assertTrue(ex.lanes(), env + " runs in lanes");
                    assertSame(reference, run(ex, batch, dimension), env + " seed " + seed + ", " + threads
                            + " threads");
                }
            }
        }
    }

    @Test
    void aCandidateThatAnswersWithANonFiniteActionIsInfeasibleOnEveryPath() {
        // x_0 = P_in obs + c_in with row i of P_in = (−s_i MAX, 0) and c_in,i = s_i MAX, s_i = ±1 by row: MountainCar
        // starts at a position in [−0.6, −0.4], so x_0,i = s_i MAX (1 − position) overflows to ±∞, and W x_0 sums
        // +∞ and −∞ into NaN. The weight flow never reads P_in, so it stays finite: the candidate answers with NaN
        // forces, which would poison the env's state and stop the run.
        Policy policy = policy("MountainCarContinuous-v0", "odetoode", Map.of());
        ParameterBlock inW = policy.network().parameterBlocks().get(0);
        ParameterBlock inB = policy.network().parameterBlocks().get(1);
        assertEquals("in.W in.b", inW.name() + " " + inB.name());
        RolloutExecutor.Batch around = batch(policy, 21, 0.3, 9);
        RolloutExecutor.Batch batch = new RolloutExecutor.Batch() {
            @Override
            public int size() {
                return around.size();
            }

            @Override
            public void parameters(int i, double[] out) {
                around.parameters(i, out);
                if (i == 4 || i == 17) {
                    for (int row = 0; row < inB.length(); row++) {
                        double s = row % 2 == 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
                        out[inW.offset() + 2 * row] = -s;
                        out[inW.offset() + 2 * row + 1] = 0.0;
                        out[inB.offset() + row] = s;
                    }
                }
            }

            @Override
            public long seed(int i) {
                return around.seed(i);
            }
        };
        RolloutExecutor.Results reference;
        try (RolloutExecutor ex = RolloutExecutor.perCandidate(1, () -> Envs.make("MountainCarContinuous-v0"),
                policy)) {
            reference = run(ex, batch, 2);
        }
        for (int i = 0; i < batch.size(); i++) {
            boolean poisoned = i == 4 || i == 17;
            assertEquals(poisoned, reference.infeasible()[i], "candidate " + i);
            assertEquals(poisoned, Double.isNaN(reference.returns()[i]), "candidate " + i);
            assertEquals(poisoned, reference.lengths()[i] == 0, "candidate " + i);
            assertEquals(poisoned, reference.observations()[i] == null, "candidate " + i);
        }
        for (int threads : new int[] {1, 2}) {
            try (RolloutExecutor ex = new RolloutExecutor(threads, () -> Envs.make("MountainCarContinuous-v0"),
                    policy)) {
                assertTrue(ex.lanes());
                assertSame(reference, run(ex, batch, 2), "non-finite actions, " + threads + " threads");
            }
        }
    }

    @Test
    void lanesRefillAsEpisodesOfVeryDifferentLengthsEnd(@TempDir Path tmp) {
        // Around a centre trained for 20 iterations, near candidates balance for hundreds of steps, far ones fall.
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("threads", "1", "iterations", "20", "eval-every", "0",
                "final-eval-episodes", "1", "checkpoint-every", "0"));
        double[] centre = EsTrainer.create(c, tmp.resolve("run"), false).run(MetricsSink.NONE).parameters();
        Policy policy = policy("CartPole-v1", "odetoode", Map.of());
        RolloutExecutor.Batch batch = batch(centre, 60, i -> i % 3 == 0 ? 1.0 : 0.02, 5);
        RolloutExecutor.Results reference;
        try (RolloutExecutor ex = RolloutExecutor.perCandidate(1, () -> Envs.make("CartPole-v1"), policy)) {
            reference = run(ex, batch, 4);
        }
        int[] lengths = reference.lengths().clone();
        Arrays.sort(lengths);
        assertTrue(lengths[lengths.length - 1] >= 20 * lengths[0], "lengths " + Arrays.toString(lengths));
        for (int threads : new int[] {1, 2}) {
            try (RolloutExecutor ex = new RolloutExecutor(threads, () -> Envs.make("CartPole-v1"), policy)) {
                assertSame(reference, run(ex, batch, 4), "refilled lanes, " + threads + " threads");
            }
        }
    }

    @Test
    void infeasibleCandidatesAreSkippedAndTheirLanesRefilled() {
        // Without the skew projection a large σ makes some weight flows blow up within [0, T].
        Policy policy = policy("Acrobot-v1", "odetoode-unrestricted", Map.of("d", "6", "steps", "4", "T", "2"));
        RolloutExecutor.Batch batch = batch(policy, 40, 1.5, 11);
        RolloutExecutor.Results reference;
        try (RolloutExecutor ex = RolloutExecutor.perCandidate(1, () -> Envs.make("Acrobot-v1"), policy)) {
            reference = run(ex, batch, 6);
        }
        int infeasible = 0;
        for (boolean b : reference.infeasible()) {
            infeasible += b ? 1 : 0;
        }
        assertTrue(infeasible > 0 && infeasible < 40, infeasible + " infeasible of 40");
        for (int threads : new int[] {1, 2}) {
            try (RolloutExecutor ex = new RolloutExecutor(threads, () -> Envs.make("Acrobot-v1"), policy)) {
                assertSame(reference, run(ex, batch, 6), threads + " threads");
            }
        }
    }

    @Test
    void theRuleKeepsEverythingElsePerCandidate() {
        Policy float64 = PolicyFactory.create("odetoode", Map.of(), HeadKind.AUTO, 0, Envs.make("CartPole-v1"));
        try (RolloutExecutor ex = new RolloutExecutor(1, () -> Envs.make("CartPole-v1"), float64)) {
            assertFalse(ex.lanes(), "float64 rollouts");
        }
        Policy mlp = policy("CartPole-v1", "mlp", Map.of());
        try (RolloutExecutor ex = new RolloutExecutor(1, () -> Envs.make("CartPole-v1"), mlp)) {
            assertFalse(ex.lanes(), "mlp");
        }
    }
}
