package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.experiments.supervised.CorruptionEval;

/** Which supervised runs the report scores: completed and evaluated, or diverged after a good epoch and evaluated. */
class SupervisedRecordTest {
    @TempDir
    Path tmp;

    private Path run(String name, String result) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("config.yaml"), "dataset: fashion-mnist\npolicy: odetoode\nseed: 2\n");
        if (result != null) {
            Files.writeString(dir.resolve("result.json"), result);
        }
        return dir;
    }

    @Test
    void aDivergedRunIsScoredOnItsLastGoodEpochsEvaluation() throws IOException {
        Path dir = run("fashion-mnist__odetoode__seed2", "{\"status\": \"diverged\", \"epochs\": 3}");
        CorruptionEval.write(dir, new CorruptionEval.Result(0.8, Map.of("fog", 0.5, "shear", 0.7), 100, 0));
        SupervisedRecord r = SupervisedRecord.read(dir);
        assertTrue(SupervisedRecord.isSupervised(dir));
        assertTrue(r.scored() && r.diverged());
        assertEquals("odetoode", r.label());
        assertEquals(2, r.seed());
        assertEquals(0.6, r.meanCorrupted(), 1e-12);
        assertTrue(r.message().contains("after epoch 3"), r.message());
    }

    @Test
    void unevaluatedUnfinishedOrEarlyDivergedRunsAreListedNotScored() throws IOException {
        SupervisedRecord unevaluated = SupervisedRecord.read(run("a", "{\"status\": \"completed\", \"epochs\": 5}"));
        assertFalse(unevaluated.scored());
        assertTrue(unevaluated.message().contains("odetoode supervised eval --run"), unevaluated.message());
        SupervisedRecord running = SupervisedRecord.read(run("b", null));
        assertEquals("incomplete", running.status());
        assertFalse(running.scored());
        SupervisedRecord early = SupervisedRecord.read(run("c", "{\"status\": \"diverged\", \"epochs\": 0}"));
        assertFalse(early.scored());
        assertEquals("diverged before a good epoch", early.message());
        Path rl = Files.createDirectories(tmp.resolve("rl"));
        Files.writeString(rl.resolve("config.yaml"), "env: CartPole-v1\npolicy: linear\n");
        assertFalse(SupervisedRecord.isSupervised(rl));
    }
}
