package org.odetoode.agents.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.agents.TrainConfig;

/**
 * The iteration clock and the act+step limit that {@code bench es} and ThroughputBenchTest report, fed known steps:
 * which iterations count, and bounds that hold under any load (a sleep lasts at least as long as asked).
 */
class IterationRatesTest {
    private static final long SLEEP_MS = 20;

    @Test
    void iterationsAfterTheWarmupAreClockedFromOneMetricsCallToTheNext() throws InterruptedException {
        IterationRates clock = new IterationRates(2);
        long[] steps = {100, 300, 600, 1000, 1500};
        for (int i = 0; i < steps.length; i++) {
            Thread.sleep(SLEEP_MS);
            clock.log(i + 1, Map.of("charts/env_steps", (double) steps[i]));
        }
        double[] rates = clock.wallRates();
        assertEquals(3, rates.length);
        assertEquals(3, clock.cpuRates().length);
        for (int k = 0; k < rates.length; k++) {
            long done = steps[k + 2] - steps[k + 1];
            // each iteration took at least the sleep, so its rate is at most its steps over the sleep
            assertTrue(rates[k] > 0 && rates[k] <= done / (SLEEP_MS * 1e-3), rates[k] + " for " + done);
            assertTrue(clock.cpuRates()[k] > 0, "CPU rate " + clock.cpuRates()[k]);
        }
        assertEquals(300, clock.warmupSteps());
        assertTrue(clock.warmupSeconds() >= 2 * SLEEP_MS * 1e-3, "warm-up " + clock.warmupSeconds());
        assertTrue(clock.warmupCpuSeconds() >= 0 && clock.warmupCpuSeconds() <= clock.warmupSeconds() + 0.01);
    }

    @Test
    void noWarmupMeansEveryIterationIsSteadyState() {
        IterationRates clock = new IterationRates(0);
        clock.log(1, Map.of("charts/env_steps", 10.0));
        assertEquals(1, clock.wallRates().length);
        assertEquals(0.0, clock.warmupSeconds());
        assertEquals(0, clock.warmupSteps());
        assertThrows(IllegalArgumentException.class, () -> new IterationRates(-1));
    }

    @Test
    void theActStepLimitRunsTheConfiguredPolicyAndEnv() {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("env", "Pendulum-v1", "policy-options.d", "4"));
        ActStepLimit.Rate r = ActStepLimit.measure(c, 1000);
        assertTrue(r.perWallSecond() > 0 && Double.isFinite(r.perWallSecond()), r.toString());
        assertTrue(r.perCpuSecond() > 0 && Double.isFinite(r.perCpuSecond()), r.toString());
        assertThrows(IllegalArgumentException.class, () -> ActStepLimit.measure(c, 0));
    }
}
