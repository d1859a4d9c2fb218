package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} keeps one tracker run, and {@code sync} takes what {@code train} prints as its run dir. */
class SyncCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CONFIG = {"--set", "population-size=8", "--set", "policy-options.d=4"};
    private static final String[] EVERY_TIME = {"--set", "final-eval-episodes=2", "--set", "eval-every=0", "--threads",
        "1", "--track", "offline"};

    @TempDir
    Path tmp;

    /** A small new run in {@code dir}, or with {@code --resume} its continuation. */
    private CliRunner.Result train(String... args) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        if (!all.contains("--resume")) {
            all.addAll(List.of(CONFIG));
        }
        all.addAll(List.of(EVERY_TIME));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void resumeContinuesTheSameTrackerRunAtTheNextStep() throws Exception {
        Path dir = tmp.resolve("run");
        CliRunner.Result first = train("--iterations", "3", "--run-dir", dir.toString());
        assertEquals(0, first.exitCode(), first.err());
        CliRunner.Result resumed = train("--resume", dir.toString(), "--iterations", "5");
        assertEquals(0, resumed.exitCode(), resumed.err());

        List<Path> parts = trackerRuns(dir);
        assertEquals(2, parts.size(), "one run directory per process: " + parts);
        JsonNode firstInfo = JSON.readTree(parts.get(0).resolve("run.json").toFile());
        JsonNode secondInfo = JSON.readTree(parts.get(1).resolve("run.json").toFile());
        assertEquals(firstInfo.get("runId").asText(), secondInfo.get("runId").asText(), "the same tracker run");
        assertEquals("allow", secondInfo.get("resume").asText());
        assertEquals(List.of(1L, 2L, 3L), steps(parts.get(0)));
        assertEquals(List.of(4L, 5L), steps(parts.get(1)));
    }

    /**
     * With a server that refuses connections, sync of a training run directory reports each wait on stderr and
     * gives up after --timeout with a line naming the URL; the second run for the same server is not tried.
     */
    @Test
    void anUnreachableServerIsGivenUpAfterTheTimeoutNamingItsUrl() throws Exception {
        Path dir = tmp.resolve("run");
        assertEquals(0, train("--iterations", "2", "--run-dir", dir.toString()).exitCode());
        assertEquals(0, train("--resume", dir.toString(), "--iterations", "3").exitCode());
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OdeToOdeCli.class.getName(), "sync", dir.toString(), "--timeout", "3");
        pb.environment().keySet().removeIf(k -> k.startsWith("WANDB_"));
        pb.environment().put("WANDB_BASE_URL", "http://127.0.0.1:" + port);
        pb.environment().put("WANDB_API_KEY", "0123456789abcdef0123456789abcdef01234567");
        pb.redirectOutput(tmp.resolve("sync.out").toFile()).redirectError(tmp.resolve("sync.err").toFile());
        long start = System.nanoTime();
        Process child = pb.start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "sync did not give up");
        double seconds = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(tmp.resolve("sync.out"));
        String err = Files.readString(tmp.resolve("sync.err"));

        assertEquals(1, child.exitValue(), err);
        assertTrue(seconds < 20, "took " + seconds + " s");
        String url = "http://127.0.0.1:" + port + "/";
        List<String> waits = err.lines().filter(l -> l.contains("failed (ConnectException")).toList();
        assertTrue(waits.size() >= 1, err);
        assertTrue(waits.stream().allMatch(l -> l.startsWith("sync: ") && l.contains("Viewer at " + url)
                && l.matches(".*attempt \\d+ in [0-9.]+ s")), err);
        assertTrue(err.contains(": cannot reach the W&B server at " + url + ": "), err);
        assertTrue(err.contains("(--timeout SECONDS waits longer)"), err);
        assertTrue(err.contains("not tried: cannot reach the W&B server at " + url), err);
        assertEquals(2, out.lines().filter(l -> l.startsWith("failed")).count(), out);
    }

    @Test
    void aFolderWithoutTrackerRunsIsOneLineAndExitCodeTwo() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        CliRunner.Result r = CliRunner.run("sync", tmp.resolve("empty").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("odetoode sync: " + tmp.resolve("empty") + " holds no tracker run"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private static List<Path> trackerRuns(Path runDir) throws IOException {
        try (Stream<Path> runs = Files.list(runDir.resolve("wandb"))) {
            return runs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Long> steps(Path trackerRun) throws IOException {
        List<Long> steps = new ArrayList<>();
        for (String line : Files.readAllLines(trackerRun.resolve("wandb-history.jsonl"))) {
            steps.add(JSON.readTree(line).get("_step").asLong());
        }
        return steps;
    }
}
