package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.odetoode.agents.cluster.Cluster;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.agents.Checkpoint;
import org.odetoode.agents.Trainer;

/** {@code odetoode suite run} and {@code suite status}: resume after kill -9, failure isolation, status, dry run. */
class SuiteCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Four short cells: two policies on CartPole and Pendulum, checkpoints every 5 iterations. */
    private static final String SUITE = """
            name: small
            budget: {iterations: %d}
            envs: [CartPole-v1, Pendulum-v1]
            policies:
              - linear
              - {policy: odetoode, label: ode4, set: {policy-options: {d: 4, steps: 2}}}
            seeds: [0]
            set: {population-size: 8, eval-every: 0, final-eval-episodes: 3, checkpoint-every: 5}
            """;

    @TempDir
    Path tmp;

    private Path suiteFile(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static CliRunner.Result run(Path file, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("suite", "run", file.toString(), "--out", out.toString(),
                "--track", "disabled", "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** Cell name to the SHA-256 of its final parameters, from the suite's JSON line. */
    private static Map<String, String> hashes(CliRunner.Result r) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode c : JSON.readTree(r.lastLine()).get("cells")) {
            assertEquals("done", c.get("status").asText(), c.toString());
            m.put(c.get("cell").asText(), c.get("params_sha256").asText());
        }
        return m;
    }

    @Test
    void aSuiteKilledWithSigkillAndRerunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        Path file = suiteFile("small.yaml", SUITE.formatted(60));
        // the reference: uninterrupted, one cell at a time on two threads (results never depend on threads)
        CliRunner.Result reference = run(file, tmp.resolve("ref"), "--threads", "2", "--parallel-cells", "1");
        assertEquals(0, reference.exitCode(), reference.err());
        Map<String, String> expected = hashes(reference);
        assertEquals(4, expected.size());

        Path out = tmp.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), OdeToOdeCli.class.getName(), "suite", "run", file.toString(),
                "--out", out.toString(), "--track", "offline", "--threads", "2", "--parallel-cells", "2");
        pb.redirectOutput(tmp.resolve("killed.out").toFile()).redirectError(tmp.resolve("killed.err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WANDB_"));
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            // kill as soon as some cell has a checkpoint part-way through its budget
            while (midwayCheckpoints(out, 60) == 0) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, "no cell checkpointed part-way: "
                        + Files.readString(tmp.resolve("killed.err")));
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs, nothing is flushed
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue());

        CliRunner.Result before = CliRunner.run("suite", "status", out.toString(), "--json");
        assertEquals(0, before.exitCode(), before.err());
        JsonNode status = JSON.readTree(before.lastLine());
        assertEquals(4, status.get("total").asInt());
        assertEquals(0, status.get("running").asInt(), "no suite holds the folder after a kill: " + before.out());
        assertTrue(status.get("pending").asInt() >= 1, before.out());
        assertTrue(before.out().contains("resumes from iteration"), before.out());

        assertTrackerLabels(out);

        CliRunner.Result rerun = run(file, out, "--threads", "2");
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.err().contains("resumed from iteration"), rerun.err());
        assertEquals(expected, hashes(rerun));

        // a cell killed before its first checkpoint (config written, no checkpoint) starts over and ends the same
        Path cell = out.resolve("cells/Pendulum-v1__ode4__seed0");
        Files.delete(cell.resolve(Checkpoint.FILE));
        Files.delete(cell.resolve(Trainer.RESULT_FILE));
        CliRunner.Result again = run(file, out);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("start Pendulum-v1__ode4__seed0 (started over)"), again.err());
        assertTrue(again.err().contains("3 done, 0 failed, 1 to run"), again.err());
        assertEquals(expected, hashes(again));

        // and a finished suite reruns nothing
        CliRunner.Result nothing = run(file, out);
        assertEquals(0, nothing.exitCode(), nothing.err());
        assertTrue(nothing.err().contains("4 done, 0 failed, 0 to run"), nothing.err());
        assertEquals(expected, hashes(nothing));
    }

    /** Every tracker run of a cell is grouped as W&B users expect: group = suite, job type = policy, tags = env, agent. */
    private static void assertTrackerLabels(Path out) throws IOException {
        List<Path> runs;
        try (Stream<Path> s = Files.walk(out.resolve("cells"))) {
            runs = s.filter(p -> p.getFileName().toString().equals("run.json")).toList();
        }
        assertFalse(runs.isEmpty(), "no tracker run under " + out);
        for (Path r : runs) {
            String cell = out.resolve("cells").relativize(r).getName(0).toString();
            String[] parts = cell.split("__");
            JsonNode info = JSON.readTree(r.toFile());
            assertEquals("small", info.get("group").asText(), r.toString());
            assertEquals(parts[1], info.get("jobType").asText(), r.toString());
            assertEquals(List.of(parts[0], "es"), List.of(info.get("tags").get(0).asText(),
                    info.get("tags").get(1).asText()), r.toString());
        }
    }

    /** Cells whose checkpoint is past iteration 0 and short of {@code budget}. */
    private static long midwayCheckpoints(Path out, int budget) throws IOException {
        Path cells = out.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> s = Files.list(cells)) {
            for (Path c : s.toList()) {
                Path f = c.resolve(Checkpoint.FILE);
                try {
                    long it = JSON.readTree(f.toFile()).get("iteration").asLong();
                    if (it > 0 && it < budget) {
                        n++;
                    }
                } catch (IOException | RuntimeException notYet) {
                    // not written yet, or being replaced
                }
            }
        }
        return n;
    }

    @Test
    void aDivergingCellIsRecordedAsFailedAndTheOthersFinish() throws Exception {
        Path file = suiteFile("div.yaml", """
                name: div
                budget: {iterations: 4}
                envs: [CartPole-v1]
                policies:
                  - linear
                  - {policy: linear, label: diverges, set: {optimizer: sgd, momentum: 0, learning-rate: 1e308}}
                  - mlp
                seeds: [0]
                set: {population-size: 8, eval-every: 0, final-eval-episodes: 3}
                """);
        Path out = tmp.resolve("div");
        CliRunner.Result r = run(file, out, "--parallel-cells", "1");
        assertEquals(OdeToOdeCli.FAILED, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(2, j.get("done").asInt());
        assertEquals(1, j.get("failed").asInt());
        JsonNode failed = j.get("cells").get(1);
        assertEquals("CartPole-v1__diverges__seed0", failed.get("cell").asText());
        assertTrue(failed.get("message").asText().contains("Infinity"), failed.toString());
        JsonNode result = JSON.readTree(out.resolve("cells/CartPole-v1__diverges__seed0/result.json").toFile());
        assertEquals("failed", result.get("status").asText());

        CliRunner.Result status = CliRunner.run("suite", "status", out.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().startsWith("suite div: 3 cells: 2 done, 0 running, 1 failed, 0 pending"),
                status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("failed   CartPole-v1__diverges__seed0")
                && l.contains("Infinity")), status.out());

        // a rerun keeps the failure (it would diverge again) unless asked to retry
        CliRunner.Result rerun = run(file, out);
        assertEquals(OdeToOdeCli.FAILED, rerun.exitCode());
        assertTrue(rerun.err().contains("2 done, 1 failed, 0 to run"), rerun.err());
        CliRunner.Result retry = run(file, out, "--retry-failed");
        assertTrue(retry.err().contains("start CartPole-v1__diverges__seed0 (started over)"), retry.err());
    }

    @Test
    void aBadSuiteFileExitsTwoWithOneLineBeforeAnythingRuns() throws Exception {
        Path file = suiteFile("bad.yaml", SUITE.formatted(4).replace("seeds: [0]", "seeds: []"));
        Path out = tmp.resolve("bad");
        CliRunner.Result r = run(file, out);
        assertEquals(OdeToOdeCli.BAD_INPUT, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.yaml:7: `seeds`: is empty"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aChangedSuiteDoesNotMixWithTheRunsOfTheOldOne() throws Exception {
        Path out = tmp.resolve("changed");
        assertEquals(0, run(suiteFile("a.yaml", SUITE.formatted(2)), out).exitCode());
        CliRunner.Result r = run(suiteFile("b.yaml", SUITE.formatted(2).replace("population-size: 8",
                "population-size: 10")), out);
        assertEquals(OdeToOdeCli.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("was run with population-size 8 but the suite now sets 10"), r.err());
    }

    @Test
    void dryRunListsTheCellsWithTheirParameterCountsAndRunsNothing() throws Exception {
        Path file = suiteFile("small.yaml", SUITE.formatted(4));
        Path out = tmp.resolve("dry");
        CliRunner.Result r = run(file, out, "--dry-run");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("suite small: 4 cells"), r.out());
        // linear on CartPole: 4 x 2 weights + 2 biases
        assertTrue(r.out().lines().anyMatch(l -> l.matches(" +0  CartPole-v1__linear__seed0 +es +4 it +10 +pending")),
                r.out());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(4, j.get("cells").size());
        assertEquals("ode4", j.get("cells").get(1).get("label").asText());
        assertEquals(1, j.get("cells").get(1).get("index").asInt(), "the index suite run --cell takes");
        assertFalse(Files.exists(out));
    }

    @Test
    void eachCellRunByItsIndexEndsAsInTheWholeSuiteAndSharesTheFolder() throws Exception {
        Path file = suiteFile("small.yaml", SUITE.formatted(6));
        Path whole = tmp.resolve("whole");
        CliRunner.Result reference = run(file, whole, "--threads", "2");
        assertEquals(0, reference.exitCode(), reference.err());
        Map<String, String> expected = hashes(reference);

        // the array tasks of one suite, one cell each, in one folder (in reverse order: order does not matter)
        Path out = tmp.resolve("tasks");
        Map<String, String> byCell = new TreeMap<>();
        for (int i = 3; i >= 0; i--) {
            CliRunner.Result task = run(file, out, "--cell", Integer.toString(i), "--threads", "2");
            assertEquals(0, task.exitCode(), task.err());
            assertTrue(task.err().contains("cell " + i + " of 4 ("), task.err());
            JsonNode j = JSON.readTree(task.lastLine());
            assertEquals(1, j.get("total").asInt(), "a task reports its own cell");
            byCell.putAll(hashes(task));
        }
        assertEquals(expected, byCell);
        assertEquals(Files.readString(whole.resolve("suite.yaml")), Files.readString(out.resolve("suite.yaml")),
                "every task writes the suite's suite.yaml, the same as a whole run");
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
        CliRunner.Result status = CliRunner.run("suite", "status", out.toString());
        assertTrue(status.out().startsWith("suite small: 4 cells: 4 done"), status.out());

        // a requeued task whose cell is done exits at once
        CliRunner.Result again = run(file, out, "--cell", "2");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("1 done, 0 failed, 0 to run"), again.err());

        CliRunner.Result outside = run(file, out, "--cell", "4");
        assertEquals(OdeToOdeCli.BAD_INPUT, outside.exitCode());
        assertTrue(outside.err().contains("--cell 4 is not a cell of suite small: it has 4 cells, numbered 0 to 3"),
                outside.err());
    }

    @Test
    void aCellTrainedByAnotherProcessIsLeftToIt() throws Exception {
        Path file = suiteFile("small.yaml", SUITE.formatted(2));
        Path out = tmp.resolve("locked");
        Path lockFile = out.resolve("locks/Pendulum-v1__linear__seed0.lock");
        Files.createDirectories(lockFile.getParent());
        // another process's task holds cell 2 (a second channel of this JVM cannot take the lock either)
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            CliRunner.Result task = run(file, out, "--cell", "2");
            assertEquals(OdeToOdeCli.BAD_INPUT, task.exitCode());
            assertTrue(task.err().contains("Cell 2 (Pendulum-v1__linear__seed0) of " + out + " is being trained by"
                    + " another process"), task.err());
            assertFalse(Files.exists(out.resolve("cells/Pendulum-v1__linear__seed0")));

            CliRunner.Result status = CliRunner.run("suite", "status", out.toString(), "--json");
            assertEquals(OdeToOdeCli.BAD_INPUT, status.exitCode(), "no suite.yaml yet: " + status.err());

            // the whole suite trains the others and leaves that one to its owner
            CliRunner.Result whole = run(file, out);
            assertEquals(OdeToOdeCli.FAILED, whole.exitCode(), whole.err());
            assertTrue(whole.err().contains("Pendulum-v1__linear__seed0") && whole.err().contains("trained by another"
                    + " process"), whole.err());
            JsonNode j = JSON.readTree(whole.lastLine());
            assertEquals(3, j.get("done").asInt());
            assertEquals(1, j.get("pending").asInt());

            CliRunner.Result running = CliRunner.run("suite", "status", out.toString());
            assertTrue(running.out().lines().anyMatch(l -> l.startsWith("running  Pendulum-v1__linear__seed0")),
                    running.out());
        }
        CliRunner.Result task = run(file, out, "--cell", "2");
        assertEquals(0, task.exitCode(), task.err());
        assertTrue(CliRunner.run("suite", "status", out.toString()).out().startsWith("suite small: 4 cells: 4 done"));
    }

    @Test
    void aSuiteOnAClusterEndsWithTheParametersOfOneInProcess() throws Exception {
        Path file = suiteFile("small.yaml", SUITE.formatted(4));
        Map<String, String> local = hashes(run(file, tmp.resolve("local")));
        HazelcastInstance worker = Cluster.startWorker("127.0.0.1", 5861, List.of(), 1);
        try {
            assertEquals(local, hashes(run(file, tmp.resolve("cluster"), "--cluster", "127.0.0.1:5861")));
        } finally {
            worker.shutdown();
        }
    }
}
