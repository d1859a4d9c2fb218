package org.odetoode.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odetoode.tracker.OnlineRunTest.assertHistoryExactly;
import static org.odetoode.tracker.OnlineRunTest.logSteps;
import static org.odetoode.tracker.testing.TestRuns.ENTITY;
import static org.odetoode.tracker.testing.TestRuns.KEY;
import static org.odetoode.tracker.testing.TestRuns.PROJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.UnknownFieldSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.testing.FakeWandbServer;
import org.odetoode.tracker.testing.TestRuns;
import org.odetoode.tracker.testing.WandbLogReader;

/**
 * A run resumed with its id and {@code resume=allow}, as {@code train --resume} does, stays one tracker run: each
 * process writes a run directory of its own under the same id (as wandb does), its steps continue after the last
 * row of the earlier processes, and the server gets one history in step order, once, offline (by sync) and online.
 */
class ResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void anOfflineRunResumedWithItsIdContinuesAtTheNextStepAndSyncsAsOneRun() throws Exception {
        Run first = Tracker.init(TestRuns.offline(root).runId("one-run").build());
        logSteps(first, 0, 10);
        Path firstDir = first.finish(130).directory();
        assertEquals(java.util.Optional.of("one-run"), Tracker.lastRunId(root));
        Thread.sleep(20); // distinct start times: the parts are ordered by them

        Run second = Tracker.init(TestRuns.offline(root).runId("one-run").resume(Resume.ALLOW).build());
        assertEquals(10, second.step(), "history continues at the next step");
        // a training loop resumed from a checkpoint at step 6 logs steps 7..9 again: recorded once
        for (int step = 7; step < 15; step++) {
            second.log(Map.of("i", step, "loss", 1.0 / (step + 1), "charts/episodic_return", step * 0.5), step);
        }
        Path secondDir = second.finish(0).directory();

        List<String> rows = Files.readAllLines(secondDir.resolve(RunDirectory.HISTORY));
        assertEquals(5, rows.size());
        assertEquals(10, JSON.readTree(rows.get(0)).path("_step").asInt());
        double lastRuntimeBefore = JSON.readTree(Files.readAllLines(firstDir.resolve(RunDirectory.HISTORY)).get(9))
                .path("_runtime").asDouble();
        assertTrue(JSON.readTree(rows.get(0)).path("_runtime").asDouble() >= lastRuntimeBefore, "runtime continues");
        JsonNode info = JSON.readTree(secondDir.resolve(RunDirectory.RUN).toFile());
        assertEquals("one-run", info.path("runId").asText());
        assertEquals("allow", info.path("resume").asText());
        assertEquals(10, info.path("startStep").asInt());
        UnknownFieldSet runRecord = WandbLogReader.nested(WandbLogReader.read(secondDir.resolve("run-one-run.wandb"))
                .get(1), 17);
        assertEquals(10, WandbLogReader.number(runRecord, 14), "starting_step");
        assertEquals(1, WandbLogReader.number(runRecord, 18), "resumed");

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            SyncSettings settings = TestRuns.sync(server.baseUrl(), root).build();
            SyncReport tooEarly = Sync.run(secondDir, settings);
            assertEquals(TrackerException.Reason.RUN_DIRECTORY, tooEarly.reason());
            assertTrue(tooEarly.message().contains("continues " + firstDir + ", which is not uploaded yet"),
                    tooEarly.message());
            assertEquals(0, server.requestCount(), "nothing sent out of order");

            List<SyncReport> reports = Sync.run(Sync.runDirectories(List.of(root)), settings);
            assertEquals(List.of(10L, 5L), reports.stream().map(SyncReport::historyLines).toList());
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, "one-run");
            assertHistoryExactly(received, 15);
            assertEquals(0, received.exitCode);

            int requests = server.requestCount();
            assertTrue(Sync.run(Sync.runDirectories(List.of(root)), settings).stream()
                    .allMatch(r -> r.outcome() == SyncReport.Outcome.UP_TO_DATE));
            assertEquals(requests, server.requestCount(), "re-syncing sends nothing");
            assertEquals(List.of(), server.violations());
        }
    }

    /**
     * Online, the resumed process finds where the run stopped in the earlier run directory without asking the
     * server, and its sender first uploads what the earlier process could not send (here: all of it, the server
     * having been down), so the server's history is in step order.
     */
    @Test
    void anOnlineRunResumedWithItsIdSendsTheEarlierPartFirst() throws Exception {
        int port = TestRuns.freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        Run first = Tracker.init(TestRuns.online(baseUrl, root).runId("online-run")
                .upload(TestRuns.FAST.withFinishTimeout(Duration.ofMillis(300))).build());
        logSteps(first, 0, 50);
        assertEquals(RunResult.Upload.PENDING, first.finish(130).upload());
        Thread.sleep(20);

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(port)) {
            Run second = Tracker.init(TestRuns.online(baseUrl, root).runId("online-run").resume(Resume.ALLOW).build());
            assertEquals(50, second.step());
            logSteps(second, 50, 80);
            RunResult result = second.finish(0);

            assertEquals(RunResult.Upload.COMPLETE, result.upload(), String.valueOf(result.message()));
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, "online-run");
            assertHistoryExactly(received, 80);
            assertEquals(0, received.exitCode);
            assertEquals(List.of(), server.violations());
            int requests = server.requestCount();
            assertTrue(Sync.run(Sync.runDirectories(List.of(root)), TestRuns.sync(baseUrl, root).build()).stream()
                    .allMatch(r -> r.outcome() == SyncReport.Outcome.UP_TO_DATE));
            assertEquals(requests, server.requestCount());
        }
    }
}
