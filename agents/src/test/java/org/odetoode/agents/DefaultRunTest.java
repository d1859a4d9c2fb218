package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run (ES, odetoode on CartPole-v1, seed 0, float32 rollouts) ends with the parameters it has ended with
 * since float32 rollouts came in, on 1, 2 and 8 threads: rollouts in lanes (issue 20) changed its speed, not its
 * result. The README quotes this hash.
 */
class DefaultRunTest {
    private static final String PARAMS_SHA256 = "964f28a70bf57d3ed7d36b311c025cc4ee772c1799cddad05c8ed583a9effa3a";

    @TempDir
    Path tmp;

    @Test
    void theDefaultRunEndsWithTheSameParametersOnOneTwoAndEightThreads() {
        for (int threads : new int[] {1, 2, 8}) {
            TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("threads", Integer.toString(threads)));
            TrainResult r = EsTrainer.create(c, tmp.resolve("t" + threads), false).run(MetricsSink.NONE);
            assertEquals(PARAMS_SHA256, r.paramsSha256(), threads + " threads");
            assertEquals(100, r.iterations());
        }
    }
}
