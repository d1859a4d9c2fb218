package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
