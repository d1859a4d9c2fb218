package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code odetoode} launcher at the repository root, run with a stand-in {@code java} that prints the incubator
 * warning and a progress line to stderr, then waits: with stderr sent to a file (a cluster log, nohup), the progress
 * line must be in the file while the program still runs, and the warning never. And the AppCDS archive it keeps
 * next to the jar: made once per build, remade when the jar changes, and never in the way of a run.
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
        pb.environment().put("ODETOODE_CDS", "0"); // this stand-in java would wait for GO while making the archive
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

    /** What the stand-in java was asked to do, one line per call; it writes the archive a dump call names. */
    private static final String RECORDING_JAVA = """
            #!/bin/sh
            echo "$*" >> "$ODETOODE_TEST_CALLS"
            for a in "$@"; do
              case "$a" in
                -XX:ArchiveClassesAtExit=*)
                  [ -n "$ODETOODE_TEST_DUMP_FAILS" ] && exit 1
                  printf archive > "${a#-XX:ArchiveClassesAtExit=}";;
              esac
            done
            """;

    @Test
    void theClassArchiveIsMadeOncePerBuildAndNeverFailsARun() throws Exception {
        Path root = tmp.resolve("repo");
        Path target = Files.createDirectories(root.resolve("experiments/target"));
        Files.createDirectories(target.resolve("lib"));
        Files.copy(Path.of("..", "odetoode"), root.resolve("odetoode"), StandardCopyOption.COPY_ATTRIBUTES);
        Path jar = target.resolve("odetoode.jar");
        Files.writeString(jar, ""); // newer than any source: no build
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, RECORDING_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(java, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path archive = target.resolve("odetoode.jsa");
        String useArchive = "-XX:SharedArchiveFile=" + archive;

        // First run: the archive is recorded from a short training run, then the command runs with it.
        List<String> calls = launch(root, bin, Map.of(), "train", "--json");
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(0).contains("-XX:ArchiveClassesAtExit=") && calls.get(0).contains(" train --threads 1"),
                calls.get(0));
        assertTrue(calls.get(1).contains(useArchive) && calls.get(1).endsWith("train --json"), calls.get(1));
        assertTrue(Files.exists(archive));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("odetoode-cds")).toList(),
                    "the recording's temporary folder is removed");
        }

        // Second run: the archive is reused.
        calls = launch(root, bin, Map.of(), "envs");
        assertEquals(1, calls.size(), calls.toString());
        assertTrue(calls.get(0).contains(useArchive), calls.get(0));

        // A new build: the archive is made again.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 10_000));
        calls = launch(root, bin, Map.of(), "envs");
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(1).contains(useArchive), calls.get(1));

        // A new build whose recording fails: the stale archive is removed and the command runs without one.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 10_000));
        calls = launch(root, bin, Map.of("ODETOODE_TEST_DUMP_FAILS", "1"), "envs");
        assertEquals(2, calls.size(), calls.toString());
        assertFalse(calls.get(1).contains("SharedArchiveFile"), calls.get(1));
        assertFalse(Files.exists(archive));

        // Off by choice; a collector named in ODETOODE_JAVA_OPTS is the only one given.
        calls = launch(root, bin, Map.of("ODETOODE_CDS", "0", "ODETOODE_JAVA_OPTS", "-XX:+UseG1GC"), "envs");
        assertEquals(1, calls.size(), calls.toString());
        assertFalse(calls.get(0).contains("SharedArchiveFile"), calls.get(0));
        assertTrue(calls.get(0).contains("-XX:+UseG1GC") && !calls.get(0).contains("SerialGC"), calls.get(0));
        assertFalse(Files.exists(archive));
    }

    /** Runs the launcher to its end with the stand-in java first on PATH; returns the java calls it made. */
    private List<String> launch(Path root, Path bin, Map<String, String> env, String... args) throws Exception {
        Path calls = tmp.resolve("calls");
        Files.deleteIfExists(calls);
        List<String> command = new ArrayList<>(List.of(root.resolve("odetoode").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("ODETOODE_TEST_CALLS", calls.toString());
        pb.environment().remove("ODETOODE_CDS");
        pb.environment().remove("ODETOODE_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("launch.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("launch.log")));
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
