package org.odetoode.tracker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.WandbClient;
import org.odetoode.tracker.internal.Uploader;
import org.odetoode.tracker.offline.LineLog;
import org.odetoode.tracker.offline.RunDirectory;

/**
 * Uploads run directories: offline runs, and the rest of online runs whose server was unreachable.
 * Idempotent and resumable: progress is recorded in each run's {@code sync-state.json} after every
 * accepted request, so a second sync sends nothing and an interrupted one continues where it stopped.
 * A run killed without finishing has a torn last line cut off and its summary brought up to its last row first.
 */
public final class Sync {
    private static final System.Logger LOG = System.getLogger(Sync.class.getName());

    private Sync() {
    }

    /**
     * Checks, without a request, that every path is a run directory and that a key is configured for
     * its server, so that a command can reject bad input before uploading anything.
     *
     * @throws TrackerException {@link TrackerException.Reason#RUN_DIRECTORY} or
     *                          {@link TrackerException.Reason#BAD_SETTING} naming the first problem
     */
    public static void check(List<Path> runDirs, SyncSettings settings) {
        if (runDirs.isEmpty()) {
            throw new TrackerException(TrackerException.Reason.BAD_SETTING,
                    "no run directory given: pass one or more folders such as wandb/offline-run-*");
        }
        for (Path runDir : runDirs) {
            settings.keyFor(settings.serverFor(RunDirectory.open(runDir).info().baseUrl()));
        }
    }

    /**
     * Uploads each run directory in turn; a failure of one run is reported and the next one is tried.
     *
     * @return one report per directory, in order
     */
    public static List<SyncReport> run(List<Path> runDirs, SyncSettings settings) {
        List<SyncReport> reports = new ArrayList<>();
        for (Path runDir : runDirs) {
            reports.add(run(runDir, settings));
        }
        return reports;
    }

    /** Uploads one run directory; failures are reported, not thrown. */
    public static SyncReport run(Path runDir, SyncSettings settings) {
        RunDirectory.Lock lock = null;
        try {
            RunDirectory dir = RunDirectory.open(runDir);
            lock = dir.lock();
            repairAfterCrash(dir);
            URI server = settings.serverFor(dir.info().baseUrl());
            try (WandbClient client = new WandbClient(server, settings.keyFor(server), settings.upload().retry())) {
                return upload(runDir, new Uploader(dir, client, settings.upload(), settings.project().orElse(null),
                        settings.entity().orElse(null)), settings);
            }
        } catch (TrackerException e) {
            return SyncReport.failed(runDir, null, e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private static SyncReport upload(Path runDir, Uploader uploader, SyncSettings settings) {
        if (uploader.upToDate()) {
            return SyncReport.of(runDir, uploader, SyncReport.Outcome.UP_TO_DATE);
        }
        Deadline deadline = Deadline.after(settings.timeout());
        try {
            uploader.connect(deadline);
            uploader.uploadRest(deadline);
        } catch (TrackerException e) {
            return SyncReport.failed(runDir, uploader, e);
        }
        return SyncReport.of(runDir, uploader, SyncReport.Outcome.UPLOADED);
    }

    /** A run without exit code was killed: cut torn lines and bring its summary up to its last row. */
    private static void repairAfterCrash(RunDirectory dir) {
        if (dir.info().exitCode() != null) {
            return;
        }
        for (String file : RunDirectory.STREAMED) {
            try {
                long cut = LineLog.repair(dir.file(file));
                if (cut > 0) {
                    LOG.log(System.Logger.Level.WARNING, "cut a torn last line ({0} bytes) from {1}: the process "
                            + "writing it was killed mid-write", cut, dir.file(file));
                }
            } catch (IOException e) {
                throw new TrackerException(TrackerException.Reason.IO, "cannot repair " + dir.file(file) + " ("
                        + e.getMessage() + ")", e);
            }
        }
        try {
            dir.catchUpSummary();
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot bring the summary of " + dir
                    + " up to date (" + e.getMessage() + ")", e);
        }
    }
}
