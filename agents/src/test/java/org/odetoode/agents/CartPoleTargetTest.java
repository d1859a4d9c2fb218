package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 5 target: CartPole-v1 with {@code odetoode} (restricted, d = 16, N = 10) and {@code es}, defaults. */
class CartPoleTargetTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2})
    void defaultEsSolvesCartPole(long seed) {
        TrainConfig config = TrainConfig.resolve(Map.of(), Map.of("seed", Long.toString(seed)));
        long t0 = System.nanoTime();
        TrainResult r = EsTrainer.create(config, tmp.resolve("run"), false).run((step, m) -> {
            if (m.containsKey("eval/return_mean")) {
                System.out.printf("seed %d iteration %d eval %.1f steps %d%n", seed, step,
                        m.get("eval/return_mean"), m.get("charts/env_steps").longValue());
            }
        });
        System.out.printf("CartPole-v1 odetoode es seed %d: final eval %.2f over 100 episodes, %d env steps, %.1f s,"
                + " %.0f steps/s%n", seed, r.finalEvalReturn(), r.envSteps(), (System.nanoTime() - t0) * 1e-9,
                r.stepsPerSecond());
        assertTrue(r.finalEvalReturn() >= 475, "seed " + seed + ": " + r.finalEvalReturn());
    }
}
