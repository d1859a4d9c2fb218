package org.odetoode.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odetoode.tracker.OnlineRunTest.assertHistoryExactly;
import static org.odetoode.tracker.OnlineRunTest.logSteps;
import static org.odetoode.tracker.testing.TestRuns.ENTITY;
import static org.odetoode.tracker.testing.TestRuns.KEY;
import static org.odetoode.tracker.testing.TestRuns.PROJECT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import org.odetoode.tracker.testing.ChildJvm;
import org.odetoode.tracker.testing.FakeWandbServer;
import org.odetoode.tracker.testing.LoggingChild;
import org.odetoode.tracker.testing.SyncChild;
import org.odetoode.tracker.testing.TestRuns;
import org.odetoode.tracker.testing.UnfinishedChild;

class SyncTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void offlineRunUploadsOnceAndASecondSyncSendsNothing() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).entity("team").config(Map.of("seed", 237)).build());
        logSteps(run, 0, 300);
        run.summary("best", 1.5);
        run.output("line one\nline two");
        run.saveFile(Files.writeString(root.resolve("notes.txt"), "hello"));
        Path dir = run.finish(0).directory();

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            SyncSettings settings = TestRuns.sync(server.baseUrl(), root).build();
            SyncReport first = Sync.run(dir, settings);
            assertEquals(SyncReport.Outcome.UPLOADED, first.outcome(), first.message());
            assertEquals("team/" + PROJECT + "/" + run.id(), first.runPath());
            assertEquals(300, first.historyLines());
            assertEquals(2, first.outputLines());
            assertTrue(first.finished());
            FakeWandbServer.RunRecord received = server.run("team", PROJECT, run.id());
            assertHistoryExactly(received, 300);
            assertEquals(List.of("line one", "line two"), received.output);
            assertEquals(1.5, JSON.readTree(received.summary).path("best").asDouble());
            assertEquals(237, JSON.readTree(received.upsert.path("config").asText()).path("seed").path("value").asInt());
            assertEquals("hello", new String(received.files.get("notes.txt"), StandardCharsets.UTF_8));
            assertEquals(0, received.exitCode);

            int requests = server.requestCount();
            SyncReport second = Sync.run(dir, settings);
            assertEquals(SyncReport.Outcome.UP_TO_DATE, second.outcome());
            assertEquals(0, second.requests());
            assertEquals(requests, server.requestCount());
            assertEquals(List.of(), server.violations());
        }
    }

    @Test
    void projectAndEntityOverridesApplyToRunsNotYetUploaded() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).build());
        logSteps(run, 0, 10);
        Path dir = run.finish(0).directory();
        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            SyncReport report = Sync.run(dir, TestRuns.sync(server.baseUrl(), root).project("other").entity("lab").build());
            assertEquals(SyncReport.Outcome.UPLOADED, report.outcome(), report.message());
            assertHistoryExactly(server.run("lab", "other", run.id()), 10);
        }
    }

    @Test
    void syncKilledHalfwayThenRerunLosesNothingAndSendsNothingTwice() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).build());
        logSteps(run, 0, 2000);
        Path dir = run.finish(0).directory();

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).stallAfterFileStreams(5).start(0)) {
            Process child = ChildJvm.start(SyncChild.class, "256m", Map.of("WANDB_API_KEY", KEY), root.resolve("sync.err"),
                    dir.toString(), server.baseUrl());
            assertTrue(server.awaitStall(60_000), "the sync child never reached the fifth request");
            ChildJvm.kill(child);

            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, run.id());
            int arrivedBeforeKill = received.history.size();
            assertTrue(arrivedBeforeKill > 0 && arrivedBeforeKill < 2000, "arrived: " + arrivedBeforeKill);
            long recorded = JSON.readTree(dir.resolve(RunDirectory.SYNC_STATE).toFile())
                    .path("streams").path(RunDirectory.HISTORY).path("lines").asLong();
            assertTrue(recorded < arrivedBeforeKill, "the killed request was accepted but not recorded locally");

            SyncReport rerun = Sync.run(dir, TestRuns.sync(server.baseUrl(), root).build());
            assertEquals(SyncReport.Outcome.UPLOADED, rerun.outcome(), rerun.message());
            assertEquals(2000 - arrivedBeforeKill, rerun.historyLines());
            assertHistoryExactly(received, 2000);
            assertEquals(List.of(), server.violations(), "nothing may be sent twice");
            assertTrue(received.complete);
        }
    }

    @Test
    void killedLoggingProcessThenSyncDeliversEveryLineWrittenBeforeTheKill() throws Exception {
        Process child = ChildJvm.start(LoggingChild.class, "256m", Map.of(), root.resolve("child.err"), root.toString());
        int flushed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (flushed < 3000 && (line = out.readLine()) != null) {
                flushed = Integer.parseInt(line.substring("flushed ".length()));
            }
            // let it log on past its last flush, so the kill lands among rows the summary does not know yet
            Thread.sleep(300);
            ChildJvm.kill(child);
        }
        assertTrue(flushed >= 3000, "the child stopped early: " + Files.readString(root.resolve("child.err")));
        Path dir;
        try (Stream<Path> dirs = Files.list(root.resolve("wandb"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        long completeLines = Files.readString(dir.resolve(RunDirectory.HISTORY)).chars().filter(c -> c == '\n').count();
        assertTrue(completeLines >= flushed);

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            SyncReport report = Sync.run(dir, TestRuns.sync(server.baseUrl(), root).build());
            assertEquals(SyncReport.Outcome.UPLOADED, report.outcome(), report.message());
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, report.runPath().split("/")[2]);
            assertHistoryExactly(received, (int) completeLines);
            assertEquals(completeLines - 1, JSON.readTree(received.summary).path("_step").asLong(),
                    "the summary catches up with the last row the killed run wrote");
            assertTrue(received.output.contains("iteration " + flushed));
            assertTrue(!received.complete, "a killed run has no exit code to report");
            assertEquals(List.of(), server.violations());
        }
    }

    @Test
    void aProgramExitingWithoutFinishKeepsEveryRow() throws Exception {
        Process child = ChildJvm.start(UnfinishedChild.class, "256m", Map.of(), root.resolve("child.err"), root.toString(), "5000");
        assertEquals(0, child.waitFor(), Files.readString(root.resolve("child.err")));
        Path dir;
        try (Stream<Path> dirs = Files.list(root.resolve("wandb"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        assertEquals(5000, Files.readAllLines(dir.resolve(RunDirectory.HISTORY)).size());
        assertEquals(4999, JSON.readTree(dir.resolve(RunDirectory.SUMMARY).toFile()).path("_step").asLong());
        assertTrue(JSON.readTree(dir.resolve(RunDirectory.RUN).toFile()).path("exitCode").isNull());
        assertTrue(Files.readString(root.resolve("child.err")).contains("ended without finish"));
    }

    @Test
    void syncStreamsARunSeveralTimesLargerThanItsHeap() throws Exception {
        Run run = Tracker.init(TestRuns.offline(root).build());
        String padding = "x".repeat(5_000);
        for (int i = 0; i < 8_000; i++) {
            run.log(Map.of("i", i, "note", padding));
        }
        Path dir = run.finish(0).directory();
        long historyBytes = Files.size(dir.resolve(RunDirectory.HISTORY));
        assertTrue(historyBytes > 40_000_000L, "history bytes: " + historyBytes);

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            Process child = ChildJvm.start(SyncChild.class, "24m", Map.of("WANDB_API_KEY", KEY), root.resolve("sync.err"),
                    dir.toString(), server.baseUrl(), Integer.toString(1 << 20));
            assertEquals(0, child.waitFor(), Files.readString(root.resolve("sync.err")));
            FakeWandbServer.RunRecord received = server.run(ENTITY, PROJECT, run.id());
            assertEquals(8_000, received.history.size());
            assertEquals(7_999, JSON.readTree(received.history.get(7_999)).path("i").asInt());
            assertTrue(received.complete);
            assertEquals(List.of(), server.violations());
        }
    }

    @Test
    void aMissingRunDirectoryIsReportedWithTheFix() {
        SyncReport report = Sync.run(root.resolve("nope"), TestRuns.sync("http://127.0.0.1:9", root).build());
        assertEquals(SyncReport.Outcome.FAILED, report.outcome());
        assertEquals(TrackerException.Reason.RUN_DIRECTORY, report.reason());
        assertTrue(report.message().contains("is not a run directory"), report.message());
    }

    @Test
    void aLiveRunIsNotSyncedUnderIt() throws Exception {
        try (Run run = Tracker.init(TestRuns.offline(root).build())) {
            logSteps(run, 0, 5);
            SyncReport report = Sync.run(run.directory().orElseThrow(), TestRuns.sync("http://127.0.0.1:9", root).build());
            assertEquals(TrackerException.Reason.RUN_DIRECTORY, report.reason());
            assertTrue(report.message().contains("in use"), report.message());
        }
    }

    /**
     * What {@code train} prints as "run dir" holds its tracker runs under {@code wandb/}; a folder of many training
     * runs holds them further down. Both are synced run by run, oldest first, and a second sync sends nothing.
     */
    @Test
    void aTrainingRunDirectoryAndAFolderOfManyRunsAreSyncedRunByRun() throws Exception {
        Path runs = root.resolve("runs");
        Path first = offlineRun(runs.resolve("CartPole-v1__es__0__1"), 7);
        Path second = offlineRun(runs.resolve("CartPole-v1__es__0__1"), 3);
        Path other = offlineRun(runs.resolve("Pendulum-v1__ppo__1__2"), 5);
        Files.createDirectories(runs.resolve("empty"));

        assertEquals(List.of(first, second), Sync.runDirectories(List.of(runs.resolve("CartPole-v1__es__0__1"))));
        List<Path> all = Sync.runDirectories(List.of(runs));
        assertEquals(List.of(first, second, other), all);
        assertEquals(List.of(first), Sync.runDirectories(List.of(first)));
        TrackerException none = org.junit.jupiter.api.Assertions.assertThrows(TrackerException.class,
                () -> Sync.runDirectories(List.of(runs.resolve("empty"))));
        assertEquals(TrackerException.Reason.RUN_DIRECTORY, none.reason());
        assertTrue(none.getMessage().contains("holds no tracker run"), none.getMessage());

        try (FakeWandbServer server = new FakeWandbServer(KEY, ENTITY).start(0)) {
            SyncSettings settings = TestRuns.sync(server.baseUrl(), root).build();
            List<SyncReport> reports = Sync.run(all, settings);
            assertEquals(List.of(7L, 3L, 5L), reports.stream().map(SyncReport::historyLines).toList());
            for (SyncReport report : reports) {
                assertEquals(SyncReport.Outcome.UPLOADED, report.outcome(), report.message());
                assertTrue(report.finished());
            }
            int requests = server.requestCount();
            assertTrue(Sync.run(Sync.runDirectories(List.of(runs)), settings).stream()
                    .allMatch(r -> r.outcome() == SyncReport.Outcome.UP_TO_DATE));
            assertEquals(requests, server.requestCount(), "a second sync sends nothing");
            assertEquals(List.of(), server.violations());
        }
    }

    private static Path offlineRun(Path trainingRunDir, int rows) {
        Run run = Tracker.init(TestRuns.offline(trainingRunDir).build());
        logSteps(run, 0, rows);
        return run.finish(0).directory();
    }

    /**
     * A server that refuses every connection is given up within the contact timeout, with one line naming its URL;
     * every wait before a retry was reported with its reason, and the next run for the same server is not tried.
     */
    @Test
    void aServerThatNeverAnswersIsGivenUpWithinTheContactTimeoutAndEachWaitIsReported() throws Exception {
        Path first = offlineRun(root.resolve("a"), 3);
        Path second = offlineRun(root.resolve("b"), 3);
        String baseUrl = "http://127.0.0.1:" + TestRuns.freePort();
        List<String> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        SyncSettings settings = TestRuns.sync(baseUrl, root).contactTimeout(Duration.ofSeconds(2))
                .onRetry(waits::add).build();
        long start = System.nanoTime();
        List<SyncReport> reports = Sync.run(List.of(first, second), settings);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 2.5, "gave up after " + seconds + " s");
        SyncReport report = reports.get(0);
        assertEquals(SyncReport.Outcome.FAILED, report.outcome());
        assertEquals(TrackerException.Reason.UNAVAILABLE, report.reason());
        assertTrue(report.message().startsWith("cannot reach the W&B server at " + baseUrl + "/: "), report.message());
        assertTrue(waits.size() >= 3, "waits reported: " + waits);
        for (int i = 0; i < waits.size(); i++) {
            String wait = waits.get(i);
            assertTrue(wait.startsWith(first + ": Viewer at " + baseUrl + "/ failed (ConnectException: "), wait);
            assertTrue(wait.endsWith("attempt " + (i + 2) + " in " + wait.replaceAll(".* in ([0-9.]+) s$", "$1") + " s"),
                    wait);
        }
        assertTrue(reports.get(1).message().startsWith("not tried: cannot reach the W&B server at " + baseUrl),
                reports.get(1).message());
        assertEquals(Duration.ofSeconds(30), SyncSettings.builder().build().contactTimeout(), "the default patience");
    }
}
