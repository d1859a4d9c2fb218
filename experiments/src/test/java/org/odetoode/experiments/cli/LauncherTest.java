package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code odetoode} launcher at the repository root, run with a stand-in {@code java} that prints the incubator
 * warning and a progress line to stderr, then waits: with stderr sent to a file (a cluster log, nohup), the progress
 * line must be in the file while the program still runs, and the warning never.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void progressOnStderrStreamsIntoAFileWhileTheProgramRuns() throws Exception {
        Path root = tmp.resolve("repo");
        Files.createDirectories(root.resolve("experiments/target"));
        Files.copy(Path.of("..", "odetoode"), root.resolve("odetoode"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("experiments/target/odetoode.jar"), ""); // newer than any source: no build
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path go = tmp.resolve("go");
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                echo 'iter 1/2' >&2
                while [ ! -e "$ODETOODE_TEST_GO" ]; do sleep 0.05; done
                echo 'iter 2/2' >&2
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path log = tmp.resolve("err.log");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("odetoode").toString(), "train");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("ODETOODE_TEST_GO", go.toString());
        pb.redirectError(log.toFile()).redirectOutput(tmp.resolve("out.log").toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(log).contains("iter 1/2")) {
                assertTrue(p.isAlive(), "the launcher exited early: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the progress line did not reach the file while the program"
                        + " ran; the file holds: '" + Files.readString(log) + "'");
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the line arrived while the program ran");
            Files.writeString(go, "");
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
        // the filter runs beside the program and may write its last line just after it exits
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.readString(log).contains("iter 2/2") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("iter 1/2\niter 2/2\n", Files.readString(log));
        assertFalse(Files.readString(log).contains("WARNING"));
    }
}
