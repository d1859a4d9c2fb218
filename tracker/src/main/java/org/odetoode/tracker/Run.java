package org.odetoode.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.odetoode.tracker.http.WandbClient;
import org.odetoode.tracker.internal.ConsoleTee;
import org.odetoode.tracker.internal.HostInfo;
import org.odetoode.tracker.internal.RunWriter;
import org.odetoode.tracker.internal.ResumePoint;
import org.odetoode.tracker.internal.Sender;
import org.odetoode.tracker.internal.SystemSampler;
import org.odetoode.tracker.internal.Uploader;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.offline.RunInfo;
import org.odetoode.tracker.offline.WandbFile;

/**
 * A tracked run, started by {@link Tracker#init}. Everything is written to the run directory first;
 * an online run also streams it to the server from a background thread, so {@link #log} never waits
 * on the network. Finish with {@link #finish(int)}, or use try-with-resources ({@link #close()}
 * finishes with exit code 0).
 *
 * <p>{@code log}, {@code summary} and {@code output} may be called from any thread; rows keep the
 * order of the calls. In {@link Mode#DISABLED} every method does nothing.
 */
public final class Run implements AutoCloseable {
    private final RunSettings settings;
    private final RunDirectory dir;
    private final RunDirectory.Lock lock;
    private final RunWriter writer;
    private final WandbClient client;
    private final Sender sender;
    private final ConsoleTee console;
    private final SystemSampler sampler;
    private final Thread shutdownHook = new Thread(this::abandon, "odetoode-tracker-shutdown");
    /** The locks of the earlier parts of a resumed online run that its sender uploads first. */
    private final List<RunDirectory.Lock> earlierLocks;
    /** The first step of this process of a resumed run (rows before it were written by earlier processes), else 0. */
    private final long resumedAt;
    private boolean warnedReplay;
    private long nextStep;
    private RunResult result;
    private boolean closed;

    private Run(RunSettings settings, RunDirectory dir, RunDirectory.Lock lock, RunWriter writer, WandbClient client,
                Sender sender, ConsoleTee console, SystemSampler sampler, long firstStep,
                List<RunDirectory.Lock> earlierLocks) {
        this.settings = settings;
        this.dir = dir;
        this.lock = lock;
        this.writer = writer;
        this.client = client;
        this.sender = sender;
        this.console = console;
        this.sampler = sampler;
        this.nextStep = firstStep;
        this.resumedAt = firstStep;
        this.earlierLocks = earlierLocks;
    }

    static Run start(RunSettings settings) {
        if (settings.mode() == Mode.DISABLED) {
            return new Run(settings, null, null, null, null, null, null, null, 0, List.of());
        }
        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        String secret = settings.apiKey().map(ApiKey::reveal).orElse(null);
        WandbClient client = settings.mode() == Mode.ONLINE
                ? new WandbClient(settings.baseUrl(), settings.apiKey().orElseThrow(), settings.upload().retry()) : null;
        // a resumed run continues its earlier processes' run directories when it has them (as train --resume
        // does), without a word with the server; otherwise an online run asks the server where the run stopped
        List<RunDirectory> earlier = settings.resume().continuesExisting()
                ? RunDirectory.earlierParts(settings.rootDir(), settings.runId()) : List.of();
        ResumePoint resumed;
        try {
            resumed = !earlier.isEmpty() ? ResumePoint.local(earlier)
                    : client != null && settings.resume().continuesExisting() ? ResumePoint.ask(client, settings)
                    : ResumePoint.FRESH;
        } catch (TrackerException e) {
            if (client != null) {
                client.close();
            }
            throw e;
        }
        RunInfo info = new RunInfo(settings.runId(), settings.project(), settings.entity().orElse(null),
                settings.name().orElse(null), settings.group().orElse(null), settings.jobType().orElse(null),
                settings.tags(), settings.notes().orElse(null), settings.resume().name().toLowerCase(java.util.Locale.ROOT),
                settings.baseUrl().toString(), HostInfo.hostName(), HostInfo.program(),
                HostInfo.gitCommit(Path.of("")).orElse(null), start.toEpochMilli() / 1e3, resumed.nextStep(), null, null);
        RunDirectory dir = RunDirectory.create(settings.rootDir(), settings.mode() == Mode.OFFLINE, info,
                settings.config());
        dir.writeJson(RunDirectory.METADATA, HostInfo.metadata(start, secret));
        RunDirectory.Lock lock = dir.lock();
        RunWriter writer = new RunWriter(dir, startNanos, resumed.runtime(), secret,
                settings.mode() == Mode.OFFLINE ? openWandbFile(dir, info, settings.config(), resumed.runtime()) : null);
        Sender sender = null;
        List<RunDirectory.Lock> earlierLocks = new ArrayList<>();
        if (client != null) {
            // earlier parts not yet on the server go first, so that the server's history stays in step order
            List<Uploader> before = new ArrayList<>();
            for (RunDirectory part : earlier) {
                if (!Uploader.upToDate(part)) {
                    try {
                        earlierLocks.add(part.lock());
                        before.add(new Uploader(part, client, settings.upload(), null, null));
                    } catch (TrackerException e) {
                        System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, e.getMessage()
                                + "; this run's rows are sent without waiting for it");
                    }
                }
            }
            sender = new Sender(before, new Uploader(dir, client, settings.upload(), null, null), settings.upload(),
                    dir.path().toString());
            sender.start();
        }
        ConsoleTee console = settings.captureConsole() ? ConsoleTee.install(writer::output) : null;
        SystemSampler sampler = settings.systemMetricsInterval().isZero() ? null
                : SystemSampler.start(writer, settings.systemMetricsInterval());
        Run run = new Run(settings, dir, lock, writer, client, sender, console, sampler, resumed.nextStep(),
                earlierLocks);
        if (settings.closeOnExit()) {
            // a JVM that exits without finish still gets every logged row into the run directory
            Runtime.getRuntime().addShutdownHook(run.shutdownHook);
        }
        return run;
    }

    /** The run id. */
    public String id() {
        return settings.runId();
    }

    public Mode mode() {
        return settings.mode();
    }

    /** The run directory; empty for a disabled run. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir).map(RunDirectory::path);
    }

    /** The step the next {@link #log(Map)} gets. */
    public synchronized long step() {
        return nextStep;
    }

    /**
     * Records one history row at the current step, then advances the step. Values may be numbers
     * (NaN and infinities included), strings, booleans, null, lists, arrays or maps of those. The row is
     * encoded into the history file's buffer at once (a few microseconds, never a network wait), so
     * {@code metrics} may be changed as soon as this returns.
     *
     * @throws IllegalArgumentException naming the key whose value cannot be recorded
     * @throws TrackerException         {@link TrackerException.Reason#IO} if the run directory can no longer be written
     */
    public void log(Map<String, ?> metrics) {
        logAt(metrics, -1);
    }

    /**
     * Records one history row at {@code step}; the next row without a step gets {@code step + 1}.
     *
     * @throws IllegalArgumentException if {@code step} is below the current step: steps never go back
     */
    public void log(Map<String, ?> metrics, long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be at least 0, got " + step);
        }
        logAt(metrics, step);
    }

    private void logAt(Map<String, ?> metrics, long step) {
        if (writer == null) {
            return;
        }
        for (Map.Entry<String, ?> entry : metrics.entrySet()) {
            checkValue(entry.getKey(), entry.getValue());
        }
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        synchronized (this) {
            checkOpen();
            if (step >= 0 && step < resumedAt) {
                // an earlier process of this run already recorded this step (a training loop resumed from a
                // checkpoint older than its last row repeats it): kept once, as wandb drops such rows
                if (!warnedReplay) {
                    warnedReplay = true;
                    System.getLogger(Run.class.getName()).log(System.Logger.Level.INFO, "run " + id()
                            + " resumes at step " + resumedAt + ": rows logged again at earlier steps (from " + step
                            + ") are not recorded twice");
                }
                return;
            }
            if (step >= 0 && step < nextStep) {
                throw new IllegalArgumentException("step " + step + " is behind the run's current step " + nextStep
                        + ": steps must not decrease (log without a step to use the current one)");
            }
            long assigned = step >= 0 ? step : nextStep;
            writer.row(metrics, assigned, nanos, millis);
            nextStep = assigned + 1;
        }
    }

    private static void checkValue(String key, Object value) {
        Objects.requireNonNull(key, "metric names must not be null");
        if (value == null || value instanceof Number || value instanceof CharSequence || value instanceof Boolean
                || value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
            return;
        }
        throw new IllegalArgumentException("the value of '" + key + "' is a " + value.getClass().getName()
                + ": log numbers, strings, booleans, lists, arrays or maps");
    }

    /** Sets a summary value, shown by W&B beside the run (by default the summary holds each key's latest value). */
    public void summary(String key, Object value) {
        Objects.requireNonNull(key, "key");
        if (writer == null) {
            return;
        }
        checkValue(key, value);
        synchronized (this) {
            checkOpen();
            writer.summary(key, value);
        }
    }

    /** Appends text to {@code output.log}, one line per line of {@code text}. */
    public void output(String text) {
        if (writer == null) {
            return;
        }
        synchronized (this) {
            checkOpen();
            for (String line : text.split("\r?\n", -1)) {
                writer.output(line);
            }
        }
    }

    /**
     * Copies {@code file} into the run's {@code files/} folder now; it is uploaded when the run finishes
     * (or by {@code sync}).
     *
     * @return the copy, or {@code file} itself for a disabled run
     */
    public Path saveFile(Path file) {
        if (dir == null) {
            return file;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("cannot save " + file + ": it is not a readable file");
        }
        Path copy = dir.file(RunDirectory.FILES).resolve(file.getFileName().toString());
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot copy " + file + " into " + copy
                    + " (" + e.getMessage() + ")", e);
        }
        return copy;
    }

    /** Waits until every row logged so far is in the run directory (safe from a crash of this process). */
    public void flush() {
        if (writer != null) {
            writer.flush();
        }
    }

    /**
     * Ends the run: writes everything, records {@code exitCode} in {@code run.json}, and for an online run
     * waits up to the finish timeout for the server to have it all. Calling it again returns the first result.
     */
    public synchronized RunResult finish(int exitCode) {
        if (result != null) {
            return result;
        }
        if (writer == null) {
            result = new RunResult(id(), null, exitCode, RunResult.Upload.NOT_ATTEMPTED, null);
            return result;
        }
        if (closed) {
            result = new RunResult(id(), dir.path(), exitCode, RunResult.Upload.NOT_ATTEMPTED,
                    "the JVM was exiting and had already closed the run unfinished: upload it with `odetoode sync "
                            + dir.path() + "`");
            return result;
        }
        if (settings.closeOnExit()) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting: the hook will find the run finished
            }
        }
        try {
            closeLocally(exitCode);
            dir.writeInfo(dir.info().finished(exitCode, System.currentTimeMillis() / 1e3));
            result = new RunResult(id(), dir.path(), exitCode, upload(exitCode), null);
            if (result.upload() != RunResult.Upload.COMPLETE && result.upload() != RunResult.Upload.NOT_ATTEMPTED) {
                String why = sender.failure() != null ? sender.failure().getMessage()
                        : "the server did not take everything within " + settings.upload().finishTimeout().toSeconds() + " s";
                result = new RunResult(id(), dir.path(), exitCode, result.upload(), "W&B upload incomplete: " + why
                        + ". Everything is in " + dir.path() + "; upload it with `odetoode sync " + dir.path() + "`");
                if (sender.failure() == null) {
                    // a refusal was already reported by the sender when it happened: say it once
                    System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, result.message());
                }
            }
            return result;
        } finally {
            release();
        }
    }

    /**
     * The shutdown hook of a run the program never finished: writes every queued row and closes the
     * files, but records no exit code, so the run reads as crashed and {@code sync} uploads its rows.
     */
    private synchronized void abandon() {
        if (closed) {
            return;
        }
        try {
            closeLocally(null);
        } finally {
            release();
        }
        System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, "run " + id()
                + " ended without finish(exitCode): its rows are kept in " + dir.path() + " but it is not marked "
                + "finished; call finish, or open the run in try-with-resources");
    }

    /** Closes the run's files; {@code exitCode} is null for a run closed without finish. */
    private void closeLocally(Integer exitCode) {
        closed = true;
        if (console != null) {
            console.close();
        }
        if (sampler != null) {
            sampler.close();
        }
        writer.close(exitCode);
    }

    private void release() {
        if (client != null) {
            client.close();
        }
        earlierLocks.forEach(RunDirectory.Lock::close);
        lock.close();
    }

    /** The binary log the official {@code wandb sync} takes, or null: the run directory is complete without it. */
    private static WandbFile openWandbFile(RunDirectory dir, RunInfo info, Map<String, Object> config, double runtime) {
        try {
            return WandbFile.create(dir, info, config, runtime);
        } catch (IOException | RuntimeException e) {
            System.getLogger(Run.class.getName()).log(System.Logger.Level.WARNING, "cannot write "
                    + WandbFile.path(dir) + " (" + e.getMessage() + "); the run goes on without it: "
                    + "`odetoode sync` does not need it");
            return null;
        }
    }

    private RunResult.Upload upload(int exitCode) {
        if (sender == null) {
            return RunResult.Upload.NOT_ATTEMPTED;
        }
        if (sender.finish(exitCode)) {
            return RunResult.Upload.COMPLETE;
        }
        TrackerException failure = sender.failure();
        return failure != null && failure.reason() != TrackerException.Reason.UNAVAILABLE
                ? RunResult.Upload.REFUSED : RunResult.Upload.PENDING;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("run " + id() + " is finished: start a new run to log more");
        }
    }

    /** Finishes with exit code 0 unless already finished. */
    @Override
    public void close() {
        finish(0);
    }
}
