package org.odetoode.tracker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.WandbClient;
import org.odetoode.tracker.internal.Uploader;
import org.odetoode.tracker.offline.LineLog;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.offline.RunInfo;

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
     * The tracker run directories that {@code paths} name: a path holding {@code run.json} is one; any other
     * folder (a training run directory, a folder of many runs) stands for every run directory below it, in the
     * order the runs started, so that the processes of a resumed run reach the server in order, as
     * {@code wandb sync --sync-all} finds them. Runs already uploaded are kept: {@link #run} reports them up
     * to date without a request.
     *
     * @throws TrackerException {@link TrackerException.Reason#RUN_DIRECTORY} for a path that is missing or
     *                          holds no run directory
     */
    public static List<Path> runDirectories(List<Path> paths) {
        List<Path> found = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path.resolve(RunDirectory.RUN)) || !Files.isDirectory(path)) {
                RunDirectory.open(path); // a missing folder is reported here
                found.add(path);
                continue;
            }
            List<RunDirectory> below = RunDirectory.findBelow(path);
            if (below.isEmpty()) {
                throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, path + " holds no tracker run (no "
                        + RunDirectory.RUN + " in it or below it): pass a training run directory, a folder of runs, "
                        + "or a folder such as wandb/offline-run-20260101_120000-abc123de");
            }
            below.forEach(dir -> found.add(dir.path()));
        }
        return found;
    }

    /**
     * Uploads each run directory in turn; a failure of one run is reported and the next one is tried, except
     * that once a server could not be reached at all, the other runs for it fail at once with the same reason.
     *
     * @return one report per directory, in order
     */
    public static List<SyncReport> run(List<Path> runDirs, SyncSettings settings) {
        List<SyncReport> reports = new ArrayList<>();
        run(runDirs, settings, reports::add);
        return reports;
    }

    /** As {@link #run(List, SyncSettings)}, handing each report to {@code each} as soon as its run is done. */
    public static void run(List<Path> runDirs, SyncSettings settings, Consumer<SyncReport> each) {
        Map<URI, TrackerException> unreachable = new HashMap<>();
        for (Path runDir : runDirs) {
            each.accept(run(runDir, settings, unreachable));
        }
    }

    /** Uploads one run directory; failures are reported, not thrown. */
    public static SyncReport run(Path runDir, SyncSettings settings) {
        return run(runDir, settings, new HashMap<>());
    }

    private static SyncReport run(Path runDir, SyncSettings settings, Map<URI, TrackerException> unreachable) {
        RunDirectory.Lock lock = null;
        try {
            RunDirectory dir = RunDirectory.open(runDir);
            URI server = settings.serverFor(dir.info().baseUrl());
            TrackerException known = unreachable.get(server);
            if (known != null) {
                return SyncReport.failed(runDir, null, new TrackerException(known.reason(), "not tried: "
                        + known.getMessage()));
            }
            checkEarlierPartsUploaded(dir);
            lock = dir.lock();
            repairAfterCrash(dir);
            try (WandbClient client = new WandbClient(server, settings.keyFor(server), settings.upload().retry(),
                    settings.contactTimeout(), message -> settings.onRetry().accept(runDir + ": " + message))) {
                SyncReport report = upload(runDir, new Uploader(dir, client, settings.upload(),
                        settings.project().orElse(null), settings.entity().orElse(null)), settings);
                if (report.reason() == TrackerException.Reason.UNAVAILABLE && !client.reached()) {
                    unreachable.put(server, new TrackerException(report.reason(), report.message()));
                }
                return report;
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

    /**
     * A resumed run's rows go after those of its earlier processes on the server, so those must be there first.
     *
     * @throws TrackerException {@link TrackerException.Reason#RUN_DIRECTORY} naming the part to sync first
     */
    private static void checkEarlierPartsUploaded(RunDirectory dir) {
        Path folder = dir.path().toAbsolutePath().getParent();
        if (folder == null || folder.getFileName() == null || !"wandb".equals(folder.getFileName().toString())) {
            return;
        }
        RunInfo info = dir.info();
        for (RunDirectory part : RunDirectory.earlierParts(folder.getParent(), info.runId())) {
            if (part.info().startedAt() < info.startedAt()
                    && !Uploader.upToDate(part)) {
                throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, "run " + info.runId()
                        + " continues " + part.path() + ", which is not uploaded yet: sync " + folder.getParent()
                        + " to upload its parts in order");
            }
        }
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
