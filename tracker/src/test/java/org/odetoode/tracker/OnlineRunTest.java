package org.odetoode.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odetoode.tracker.testing.TestRuns.ENTITY;
import static org.odetoode.tracker.testing.TestRuns.KEY;
import static org.odetoode.tracker.testing.TestRuns.PROJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.testing.FakeWandbServer;
import org.odetoode.tracker.testing.TestRuns;

class OnlineRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 2000;

    @TempDir
    Path root;

    @Test
    void twoThousandStepsArriveExactlyOnceInOrderWithConfigSummaryFilesAndExitCode() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Run run = Tracker.init(TestRuns.online(server.baseUrl(), root).name("hopper-es").tags(List.of("es", "v3"))
                    .config(Map.of("lr", 0.01, "layers", List.of(64, 64))).build());
            logSteps(run, 0, STEPS);
            run.summary("best_return", 3120.5);
            run.output("training done");
            Path policy = Files.writeString(root.resolve("policy.json"), "{\"w\":[1,2,3]}");
            run.saveFile(policy);
            RunResult result = run.finish(0);

            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            assertEquals(List.of(), server.violations());
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, run.id());
            assertHistoryExactly(received, STEPS);
            assertTrue(received.complete);
            assertEquals(0, received.exitCode);
            JsonNode config = JSON.readTree(received.upsert.path("config").asText());
            assertEquals(0.01, config.path("lr").path("value").asDouble());
            assertTrue(config.path("lr").has("desc") && config.path("lr").path("desc").isNull());
            assertEquals("hopper-es", received.upsert.path("displayName").asText());
            JsonNode summary = JSON.readTree(received.summary);
            assertEquals(3120.5, summary.path("best_return").asDouble());
            assertEquals(STEPS - 1, summary.path("_step").asLong());
            assertEquals(STEPS - 1, summary.path("i").asLong());
            assertEquals(List.of("training done"), received.output);
            assertEquals("{\"w\":[1,2,3]}", new String(received.files.get("policy.json"), StandardCharsets.UTF_8));
            assertTrue(received.files.containsKey("wandb-metadata.json"));
            assertTrue(received.uploaded.containsAll(List.of("policy.json", "wandb-metadata.json")));
            assertTrue(server.largestFileStreamBody() <= TestRuns.FAST.maxRequestBytes(),
                    "requests are bounded: " + server.largestFileStreamBody() + " bytes");
        }
    }

    @Test
    void aResumedRunContinuesTheServersStepsAndLineOffsets() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Run first = Tracker.init(TestRuns.online(server.baseUrl(), root).runId("resume-me").build());
            logSteps(first, 0, 100);
            first.output("first process");
            assertEquals(RunResult.Upload.COMPLETE, first.finish(1).upload());

            Run second = Tracker.init(TestRuns.online(server.baseUrl(), root).runId("resume-me")
                    .resume(Resume.ALLOW).build());
            assertEquals(100, second.step());
            logSteps(second, 100, 150);
            second.output("second process");
            RunResult result = second.finish(0);

            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            assertEquals(List.of(), server.violations());
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, "resume-me");
            assertHistoryExactly(received, 150);
            assertEquals(List.of("first process", "second process"), received.output);
            assertEquals(0, received.exitCode);
            JsonNode lastRow = JSON.readTree(received.history.get(149));
            JsonNode rowBefore = JSON.readTree(received.history.get(99));
            assertTrue(lastRow.path("_runtime").asDouble() >= rowBefore.path("_runtime").asDouble(),
                    "runtime continues across processes");
        }
    }

    @Test
    void reusingARunIdWithoutResumeIsRefusedWithTheFix() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Run first = Tracker.init(TestRuns.online(server.baseUrl(), root).runId("taken").build());
            logSteps(first, 0, 10);
            first.finish(0);
            Run second = Tracker.init(TestRuns.online(server.baseUrl(), root).runId("taken").build());
            logSteps(second, 0, 10);
            RunResult result = second.finish(0);
            assertEquals(RunResult.Upload.REFUSED, result.upload());
            assertTrue(result.message().contains("WANDB_RESUME=allow"), result.message());
            assertHistoryExactly(server.run(ENTITY, PROJECT, "taken"), 10);
        }
    }

    @Test
    void resumeMustFailsAtInitForAnUnknownRun() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            TrackerException e = org.junit.jupiter.api.Assertions.assertThrows(TrackerException.class,
                    () -> Tracker.init(TestRuns.online(server.baseUrl(), root).runId("ghost").resume(Resume.MUST).build()));
            assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("must"), e.getMessage());
        }
    }

    @Test
    void systemMetricsStreamAsEvents() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Run run = Tracker.init(TestRuns.online(server.baseUrl(), root)
                    .systemMetricsInterval(Duration.ofMillis(50)).build());
            Thread.sleep(500);
            RunResult result = run.finish(0);
            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            List<String> events = server.run(ENTITY, PROJECT, run.id()).events;
            assertTrue(events.size() >= 3, "events: " + events.size());
            assertEquals(Files.readAllLines(result.directory().resolve(RunDirectory.EVENTS)), events);
            JsonNode event = JSON.readTree(events.get(0));
            assertTrue(event.has("system.jvm.heap_used_mb") && event.has("_runtime") && event.path("_wandb").asBoolean(),
                    event.toString());
            assertEquals(List.of(), server.violations());
        }
    }

    @Test
    void thirtyPercentFailedRequestsAndDroppedConnectionsLoseAndRepeatNothing() throws Exception {
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).failRandomly(0.3, 7).start(0)) {
            Run run = Tracker.init(TestRuns.online(server.baseUrl(), root).build());
            logSteps(run, 0, STEPS);
            RunResult result = run.finish(3);

            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            assertTrue(server.injectedFailures() >= 5, "faults injected: " + server.injectedFailures());
            assertEquals(List.of(), server.violations());
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, run.id());
            assertHistoryExactly(received, STEPS);
            assertEquals(3, received.exitCode);
        }
    }

    @Test
    void serverDownForTheFirstTenSecondsLosesNothing() throws Exception {
        int port = TestRuns.freePort();
        Run run = Tracker.init(TestRuns.online("http://127.0.0.1:" + port, root).build());
        logSteps(run, 0, STEPS / 2);
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(port)) {
            logSteps(run, STEPS / 2, STEPS);
            RunResult result = run.finish(0);

            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            assertEquals(List.of(), server.violations());
            assertHistoryExactly(server.run(ENTITY, PROJECT, run.id()), STEPS);
        }
    }

    @Test
    void serverDownForTheWholeRunThenSyncUploadsEverythingOnce() throws Exception {
        int port = TestRuns.freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        Run run = Tracker.init(TestRuns.online(baseUrl, root)
                .upload(TestRuns.FAST.withFinishTimeout(Duration.ofMillis(500))).build());
        logSteps(run, 0, 500);
        RunResult result = run.finish(0);
        assertEquals(RunResult.Upload.PENDING, result.upload());
        assertTrue(result.message().contains("odetoode sync " + result.directory()), result.message());

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(port)) {
            SyncSettings settings = TestRuns.sync(baseUrl, root).build();
            SyncReport first = Sync.run(result.directory(), settings);
            assertEquals(SyncReport.Outcome.UPLOADED, first.outcome(), first.message());
            assertEquals(500, first.historyLines());
            assertHistoryExactly(server.run(ENTITY, PROJECT, run.id()), 500);
            assertTrue(server.run(ENTITY, PROJECT, run.id()).complete);

            int requestsBefore = server.requestCount();
            SyncReport second = Sync.run(result.directory(), settings);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, second.outcome());
            assertEquals(requestsBefore, server.requestCount(), "a second sync sends nothing");
            assertEquals(List.of(), server.violations());
        }
    }

    @Test
    void wrongKeyGivesOneClearErrorAndTheLocalRunIsComplete() throws Exception {
        String wrongKey = "ffffffffffffffffffffffffffffffffffffffff";
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Run run = Tracker.init(TestRuns.online(server.baseUrl(), root).apiKey(ApiKey.of(wrongKey)).build());
            logSteps(run, 0, 300);
            run.output("printed line");
            RunResult result = run.finish(0);

            assertEquals(RunResult.Upload.REFUSED, result.upload());
            assertTrue(result.message().contains("rejected the API key"), result.message());
            assertTrue(result.message().contains("WANDB_API_KEY"), result.message());
            assertFalse(result.message().contains(wrongKey));
            assertEquals(List.of(), server.violations());

            Path dir = result.directory();
            assertEquals(300, Files.readAllLines(dir.resolve(RunDirectory.HISTORY)).size());
            assertEquals(List.of("printed line"), Files.readAllLines(dir.resolve(RunDirectory.OUTPUT)));
            assertEquals(299, JSON.readTree(dir.resolve(RunDirectory.SUMMARY).toFile()).path("_step").asLong());
            assertEquals(0, JSON.readTree(dir.resolve(RunDirectory.RUN).toFile()).path("exitCode").asInt(-1));
            assertKeyNowhereIn(dir, wrongKey);
        }
    }

    /**
     * Training never waits on the server: with a server that takes connections but never answers (each attempt
     * hangs for the 5 s attempt timeout) and one that refuses them, starting the run and logging 2000 rows take
     * well under one attempt, and only finish waits, for its finish timeout.
     */
    @Test
    void loggingNeverWaitsOnAServerThatHangsOrRefuses() throws Exception {
        try (java.net.ServerSocket hanging = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            for (String baseUrl : List.of("http://127.0.0.1:" + hanging.getLocalPort(),
                    "http://127.0.0.1:" + TestRuns.freePort())) {
                long start = System.nanoTime();
                Run run = Tracker.init(TestRuns.online(baseUrl, root)
                        .upload(TestRuns.FAST.withFinishTimeout(Duration.ofSeconds(1))).build());
                logSteps(run, 0, STEPS);
                run.flush();
                double logging = (System.nanoTime() - start) / 1e9;
                RunResult result = run.finish(0);
                double finishing = (System.nanoTime() - start) / 1e9 - logging;

                assertTrue(logging < 2.5, baseUrl + ": init and " + STEPS + " rows took " + logging + " s");
                assertTrue(finishing < 8, baseUrl + ": finish took " + finishing + " s");
                assertEquals(RunResult.Upload.PENDING, result.upload(), baseUrl);
                assertEquals(STEPS, Files.readAllLines(result.directory().resolve(RunDirectory.HISTORY)).size());
            }
        }
    }

    static void logSteps(Run run, int from, int to) {
        for (int i = from; i < to; i++) {
            run.log(Map.of("i", i, "loss", 1.0 / (i + 1), "charts/episodic_return", i * 0.5));
        }
    }

    /** The history holds rows 0..n-1, each once, in order, with W&B's bookkeeping keys. */
    static void assertHistoryExactly(FakeWandbServer.RunRecord received, int n) throws IOException {
        assertNotNull(received, "the run was never created");
        assertEquals(n, received.history.size());
        for (int i = 0; i < n; i++) {
            JsonNode row = JSON.readTree(received.history.get(i));
            assertEquals(i, row.path("i").asInt(), "row " + i);
            assertEquals(i, row.path("_step").asLong(), "row " + i);
            assertTrue(row.has("_runtime") && row.has("_timestamp"), "row " + i);
        }
    }

    static void assertKeyNowhereIn(Path dir, String key) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(key),
                        "the API key leaked into " + file);
            }
        }
    }
}
