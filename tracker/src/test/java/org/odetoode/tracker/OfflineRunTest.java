package org.odetoode.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.testing.TestRuns;

class OfflineRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void theRunDirectoryHoldsEverythingTheIssueLists() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).runId("abc123").name("cartpole").config(Map.of("lr", 0.02)).build());
        run.log(Map.of("loss", 0.5));
        run.log(Map.of("loss", 0.25), 10);
        run.log(Map.of("loss", 0.125));
        run.summary("best", 0.125);
        run.output("hello");
        run.saveFile(Files.writeString(root.resolve("weights.bin"), "w"));
        Path dir = run.finish(0).directory();

        assertTrue(dir.getFileName().toString().matches("offline-run-\\d{8}_\\d{6}-abc123"), dir.toString());
        List<String> history = Files.readAllLines(dir.resolve(RunDirectory.HISTORY));
        assertEquals(3, history.size());
        long[] steps = history.stream().mapToLong(l -> read(l).path("_step").asLong()).toArray();
        assertEquals(List.of(0L, 10L, 11L), List.of(steps[0], steps[1], steps[2]));
        JsonNode first = read(history.get(0));
        assertTrue(first.path("_runtime").isDouble() && first.path("_runtime").asDouble() >= 0);
        assertTrue(Math.abs(first.path("_timestamp").asDouble() - System.currentTimeMillis() / 1e3) < 60);
        JsonNode summary = JSON.readTree(dir.resolve(RunDirectory.SUMMARY).toFile());
        assertEquals(0.125, summary.path("best").asDouble());
        assertEquals(11, summary.path("_step").asLong());
        assertEquals(List.of("hello"), Files.readAllLines(dir.resolve(RunDirectory.OUTPUT)));
        assertEquals(0.02, JSON.readTree(dir.resolve(RunDirectory.CONFIG).toFile()).path("lr").asDouble());
        JsonNode metadata = JSON.readTree(dir.resolve(RunDirectory.METADATA).toFile());
        for (String field : List.of("host", "java", "program", "args", "os", "startedAt")) {
            assertTrue(metadata.hasNonNull(field), "metadata lacks " + field);
        }
        assertEquals("w", Files.readString(dir.resolve("files/weights.bin")));
        JsonNode info = JSON.readTree(dir.resolve(RunDirectory.RUN).toFile());
        assertEquals("abc123", info.path("runId").asText());
        assertEquals("cartpole", info.path("displayName").asText());
        assertEquals(0, info.path("exitCode").asInt(-1));
    }

    @Test
    void nanAndInfinityAreWrittenAsBareLiterals() throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("nan", Double.NaN);
        row.put("inf", Double.POSITIVE_INFINITY);
        row.put("ninf", Float.NEGATIVE_INFINITY);
        Run run = Tracker.init(TestRuns.offline(root).build());
        run.log(row);
        Path dir = run.finish(0).directory();
        String line = Files.readAllLines(dir.resolve(RunDirectory.HISTORY)).get(0);
        assertTrue(line.startsWith("{\"nan\":NaN,\"inf\":Infinity,\"ninf\":-Infinity,"), line);
    }

    @Test
    void stepsNeverGoBackAndBadValuesNameTheirKey() {
        try (Run run = Tracker.init(TestRuns.offline(root).build())) {
            run.log(Map.of("x", 1), 5);
            IllegalArgumentException back = assertThrows(IllegalArgumentException.class, () -> run.log(Map.of("x", 2), 3));
            assertTrue(back.getMessage().contains("step 3 is behind the run's current step 6"), back.getMessage());
            IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                    () -> run.log(Map.of("policy", new Object())));
            assertTrue(value.getMessage().contains("'policy'"), value.getMessage());
            assertEquals(6, run.step());
        }
    }

    @Test
    void aFinishedRunRefusesMoreRowsAndFinishIsIdempotent() {
        Run run = Tracker.init(TestRuns.offline(root).build());
        RunResult first = run.finish(2);
        assertEquals(first, run.finish(5));
        assertThrows(IllegalStateException.class, () -> run.log(Map.of("x", 1)));
    }

    @Test
    void disabledRunsWriteNothing() throws Exception {
        try (Run run = Tracker.init(TestRuns.offline(root).mode(Mode.DISABLED).build())) {
            run.log(Map.of("x", 1));
            run.summary("y", 2);
            run.output("z");
            assertTrue(run.directory().isEmpty());
        }
        assertFalse(Files.exists(root.resolve("wandb")));
    }

    @Test
    void capturedConsoleLinesGoToOutputLogWithTheKeyBlanked() throws Exception {
        String key = TestRuns.KEY;
        Path dir;
        try (Run run = Tracker.init(TestRuns.online("http://127.0.0.1:9", root).captureConsole(true)
                .upload(TestRuns.FAST.withFinishTimeout(java.time.Duration.ofMillis(100))).build())) {
            System.out.println("epoch 1 done");
            System.err.println("careful: key=" + key);
            dir = run.directory().orElseThrow();
        }
        assertEquals(List.of("epoch 1 done", "ERROR careful: key=[redacted]"),
                Files.readAllLines(dir.resolve(RunDirectory.OUTPUT)));
        OnlineRunTest.assertKeyNowhereIn(dir, key);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
