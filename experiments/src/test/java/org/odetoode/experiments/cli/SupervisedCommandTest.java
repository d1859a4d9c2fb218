package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedCommandTest {
    @TempDir
    Path dir;

    /** The four IDX files of n random 28x28 images per split, labels cycling through 0..9. */
    private Path idxFolder(int n) throws IOException {
        Random rng = new Random(1);
        return IdxFolder.write(dir, n, i -> rng.nextInt(256));
    }

    @Test
    void trainsResumesAndEvaluatesUnderCorruptions() throws IOException {
        Path data = idxFolder(40);
        Path run = dir.resolve("run");
        CliRunner.Result train = CliRunner.run("supervised", "train", "--data", data.toString(), "--policy",
                "odetoode-unrestricted", "--set", "policy-options.d=4", "--set", "policy-options.steps=2",
                "--set", "batch-size=16", "--epochs", "1", "--threads", "1", "--run-dir", run.toString(),
                "--track", "disabled", "--json");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.lastLine().contains("\"status\":\"completed\""), train.lastLine());
        assertTrue(Files.isRegularFile(run.resolve("config.yaml")) && Files.isRegularFile(run.resolve("result.json")));

        CliRunner.Result more = CliRunner.run("supervised", "train", "--resume", run.toString(), "--epochs", "2",
                "--track", "disabled", "--json");
        assertEquals(0, more.exitCode(), more.err());
        assertTrue(more.lastLine().contains("\"epochs\":2"), more.lastLine());

        CliRunner.Result eval = CliRunner.run("supervised", "eval", "--run", run.toString(), "--corruptions",
                "shot_noise,rotate", "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.lastLine().contains("\"shot_noise\":") && eval.lastLine().contains("\"rotate\":")
                && eval.lastLine().contains("\"mean_corrupted_accuracy\":"), eval.lastLine());
    }

    /**
     * A learning rate that blows training up, for real: with an {@code mlp} at 1e306 Adam's first step sends the weights
     * to about 1e306; with saturating units the weights stay finite but the logits and so the epoch's summed loss
     * overflow to infinity, with unbounded ones (a ReLU stem) the weights turn NaN. Either way the run ends as diverged
     * in its first epoch: exit 1 with one line saying so, result.json with status diverged (the suite and the report
     * read it), no checkpoint since no epoch ended well, so eval refuses the run.
     */
    @Test
    void aRunWhoseLossOverflowsEndsAsDivergedWithExitOne() throws IOException {
        String policy = "mlp";
        String lr = "1e306";
        Path data = idxFolder(40);
        Path run = dir.resolve("diverged");
        CliRunner.Result r = CliRunner.run("supervised", "train", "--data", data.toString(), "--policy", policy,
                "--set", "learning-rate=" + lr, "--set", "batch-size=8", "--epochs", "2", "--threads", "1",
                "--run-dir", run.toString(), "--track", "offline", "--json");
        assertEquals(1, r.exitCode(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("error: training diverged in epoch 1")
                && (last.contains("the mean training loss is Infinity") || last.contains("a parameter is NaN")), r.err());
        assertEquals(2, r.err().strip().lines().count(), r.err()); // the data line, then the one error line
        JsonNode result = new ObjectMapper().readTree(run.resolve("result.json").toFile());
        assertEquals("diverged", result.get("status").asText());
        assertEquals(0, result.get("epochs").asInt());
        assertTrue(Files.notExists(run.resolve("checkpoint.json")));
        CliRunner.Result eval = CliRunner.run("supervised", "eval", "--run", run.toString());
        assertEquals(2, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains("checkpoint"), eval.err());
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Path data = idxFolder(10);
        CliRunner.Result unknown = CliRunner.run("supervised", "train", "--data", data.toString(), "--policy", "nope",
                "--run-dir", dir.resolve("a").toString(), "--track", "disabled");
        assertEquals(2, unknown.exitCode());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("nope"), unknown.err());

        CliRunner.Result noRun = CliRunner.run("supervised", "eval", "--run", dir.resolve("none").toString());
        assertEquals(2, noRun.exitCode());
        assertTrue(noRun.err().contains("config.yaml"), noRun.err());

        CliRunner.Result key = CliRunner.run("supervised", "train", "--data", data.toString(), "--set", "lr=1",
                "--run-dir", dir.resolve("b").toString(), "--track", "disabled");
        assertEquals(2, key.exitCode());
        assertTrue(key.err().contains("lr"), key.err());
    }
}
