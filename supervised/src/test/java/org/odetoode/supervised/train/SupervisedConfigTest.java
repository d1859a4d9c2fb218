package org.odetoode.supervised.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedConfigTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsAreTheTunedSettingsAndRoundTripThroughTheirMap() {
        SupervisedConfig c = SupervisedConfig.resolve(Map.of());
        assertEquals("conv", c.embedding());
        assertArrayEquals(new int[] {8, 16}, c.stemChannels());
        assertEquals(Schedule.COSINE, c.schedule());
        assertEquals(c, SupervisedConfig.resolve(c.toMap()));
        SupervisedConfig linear = SupervisedConfig.resolve(Map.of("embedding", "linear", "conv-channels", "4, 6,2",
                "lr-schedule", "constant"));
        assertArrayEquals(new int[0], linear.stemChannels());
        assertEquals(java.util.List.of(4, 6, 2), linear.convChannels());
        assertEquals(linear, SupervisedConfig.resolve(linear.toMap()));
    }

    @Test
    void badValuesNameTheKey() {
        for (Map.Entry<String, String> bad : Map.of("embedding", "dense", "conv-channels", "8,0", "lr-schedule",
                "linear-warmup").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SupervisedConfig.resolve(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey()) && e.getMessage().contains(bad.getValue()),
                    e.getMessage());
        }
    }

    @Test
    void aConfigWrittenBeforeTheEmbeddingAndScheduleKeysReadsAsTheSettingsOfThen() throws Exception {
        Files.writeString(tmp.resolve(SupervisedTrainer.CONFIG_FILE), """
                dataset: "fashion-mnist"
                policy: "odetoode"
                policy-options:
                  d: "64"
                  steps: "10"
                epochs: 5
                batch-size: 128
                learning-rate: 0.001
                seed: 0
                threads: 2
                """);
        SupervisedConfig c = SupervisedTrainer.readConfig(tmp);
        assertEquals("linear", c.embedding());
        assertEquals(Schedule.CONSTANT, c.schedule());
    }

    @Test
    void cosineFallsFromOneToZeroOverTheRun() {
        assertEquals(1.0, Schedule.COSINE.factor(0, 100), 0.0);
        assertEquals(0.5, Schedule.COSINE.factor(50, 100), 1e-15);
        assertEquals((1 + Math.cos(Math.PI * 0.99)) / 2, Schedule.COSINE.factor(99, 100), 1e-15);
        assertEquals(1.0, Schedule.CONSTANT.factor(99, 100), 0.0);
    }
}
