package org.odetoode.tracker.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.offline.AtomicFiles;
import org.odetoode.tracker.offline.LineLog;
import org.odetoode.tracker.offline.RunDirectory;
import org.odetoode.tracker.offline.WandbFile;

/**
 * The run directory's only writer. A row is encoded straight into the history file's buffer on the
 * calling thread, a cheap append with no copy, queue or second core involved; a background flusher hands
 * the buffers to the operating system every 20 ms (from then on they survive a killed process) and rewrites
 * the summary file at most once a second. Memory is the fixed buffers, whatever the run's length.
 *
 * <p>An offline run's {@code .wandb} log gets a copy of each row's line in its queue; the flusher encodes and
 * writes the queue outside this writer's lock, so a row never waits for it (and a queue beyond 1 MiB is written
 * by the caller that filled it).
 *
 * <p>Thread-safe: rows from several threads keep the order of the calls. An I/O failure is thrown to
 * the caller that meets it and to every caller after, so no row is believed kept when it was not.
 */
public final class RunWriter {
    private static final long FLUSH_EVERY_MILLIS = 20;
    private static final long SUMMARY_EVERY_NANOS = 1_000_000_000L;
    /** How output lines from stderr are marked in {@code output.log}. */
    public static final String STDERR_MARK = "ERROR ";

    private final RunDirectory dir;
    private final LineLog history;
    private final LineLog output;
    private final LineLog events;
    /** The offline run's {@code .wandb} log, or null (online, or after it failed: the line files carry on). */
    private volatile WandbFile wandb;
    private final RowEncoder encoder = new RowEncoder();
    private final RowEncoder.LineSink historySink = this::appendHistory;
    private final long startNanos;
    private final double runtimeOffset;
    private final String secret;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher;
    /** Serialises summary file writes, which happen outside the row lock (they fsync). */
    private final Object summaryFile = new Object();
    private long summaryVersion;
    private long summaryVersionWritten;
    private volatile long summaryWrittenNanos;
    private boolean unflushed;
    private boolean closed;
    private TrackerException failure;

    /**
     * Opens the run's line files (repairing torn last lines) and starts the flusher.
     *
     * @param startNanos    {@link System#nanoTime()} at the run's start
     * @param runtimeOffset seconds the run had already run before this process (a resumed run), else 0
     * @param secret        a string to blank out of output lines (the API key), or null
     * @param wandb         the {@code .wandb} log to append every record to as well, or null
     */
    public RunWriter(RunDirectory dir, long startNanos, double runtimeOffset, String secret, WandbFile wandb) {
        this.dir = dir;
        this.wandb = wandb;
        this.startNanos = startNanos;
        this.runtimeOffset = runtimeOffset;
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        try {
            this.history = LineLog.open(dir.file(RunDirectory.HISTORY), 1 << 16);
            this.output = LineLog.open(dir.file(RunDirectory.OUTPUT), 1 << 14);
            this.events = LineLog.open(dir.file(RunDirectory.EVENTS), 1 << 12);
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot open the run files in " + dir
                    + " (" + e.getMessage() + ")", e);
        }
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "odetoode-tracker-flusher");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushIfDue, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Appends one history row and folds it into the summary; {@code metrics} is not kept. */
    public void row(Map<String, ?> metrics, long step, long nanos, long epochMillis) {
        double runtime = runtime(nanos);
        double timestamp = epochMillis / 1e3;
        synchronized (this) {
            checkUsable();
            try {
                encoder.append(historySink, metrics, step, runtime, timestamp, false);
            } catch (IOException e) {
                throw fail(e);
            }
            summary.putAll(metrics);
            summary.put("_step", step);
            summary.put("_runtime", runtime);
            summary.put("_timestamp", timestamp);
            summaryVersion++;
            unflushed = true;
        }
        flushWandbFileIfFull();
    }

    /** Sets an explicit summary value. */
    public synchronized void summary(String key, Object value) {
        checkUsable();
        summary.put(key, value);
        summaryVersion++;
    }

    /**
     * Appends one line of output (without its newline), the API key blanked out. A line from stderr starts with
     * {@code ERROR }, as W&B shows it.
     */
    public synchronized void output(String line) {
        checkUsable();
        String text = secret == null ? line : line.replace(secret, "[redacted]");
        try {
            output.append(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw fail(e);
        }
        if (wandb != null) {
            boolean stderr = text.startsWith(STDERR_MARK);
            wandb.output(stderr ? text.substring(STDERR_MARK.length()) : text, stderr, System.currentTimeMillis() / 1e3);
        }
        unflushed = true;
    }

    /**
     * Appends one sample of system metrics, under the official client's bare keys ({@code cpu},
     * {@code memory_percent}, ...): to {@code wandb-events.jsonl} with the {@code system.} prefix that
     * file_stream rows carry, and to the {@code .wandb} log as they are (sync adds the prefix).
     */
    public synchronized void event(Map<String, ?> metrics, long nanos, long epochMillis) {
        checkUsable();
        Map<String, Object> row = new LinkedHashMap<>();
        metrics.forEach((key, value) -> row.put("system." + key, value));
        try {
            encoder.append(events::append, row, -1, runtime(nanos), epochMillis / 1e3, true);
        } catch (IOException e) {
            throw fail(e);
        }
        if (wandb != null) {
            wandb.stats(metrics, epochMillis / 1e3);
        }
        unflushed = true;
    }

    /** Hands everything written so far to the operating system and rewrites the summary. */
    public void flush() {
        synchronized (this) {
            checkUsable();
            flushLines();
        }
        flushWandbFile();
        writeSummary();
    }

    /**
     * Flushes, forces the files to the storage device, rewrites the summary and closes the files; the
     * {@code .wandb} log ends with the saved files, the summary and, if {@code exitCode} is not null, the exit.
     */
    public void close(Integer exitCode) {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // closing flushes and fsyncs each file; every file is closed even if one fails
            IOException first = null;
            for (LineLog log : List.of(history, output, events)) {
                try {
                    log.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw fail(first);
            }
        }
        writeSummary();
        synchronized (this) {
            if (wandb != null) {
                try (WandbFile closing = wandb) {
                    closing.finish(dir.file(RunDirectory.FILES), summary, exitCode, runtime(System.nanoTime()));
                } catch (IOException e) {
                    dropWandbFile(e);
                }
                wandb = null;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Called with the lock held: the history file, and the {@code .wandb} log's queue. */
    private void appendHistory(byte[] line, int offset, int length) throws IOException {
        history.append(line, offset, length);
        if (wandb != null) {
            wandb.history(line, offset, length);
        }
    }

    /** Called without the lock: encoding the queued records never holds up a row. */
    private void flushWandbFileIfFull() {
        WandbFile file = wandb;
        if (file != null && file.full()) {
            flushWandbFile();
        }
    }

    /** Called without the lock: encodes the queued records and writes them. */
    private void flushWandbFile() {
        WandbFile file = wandb;
        if (file != null) {
            try {
                file.flush();
            } catch (IOException e) {
                dropWandbFile(e);
            }
        }
    }

    /** Stops writing a {@code .wandb} log that cannot be written: the run directory holds everything without it. */
    private synchronized void dropWandbFile(IOException e) {
        if (wandb == null) {
            return;
        }
        System.getLogger(RunWriter.class.getName()).log(System.Logger.Level.WARNING, "cannot write "
                + WandbFile.path(dir) + " (" + e + "); the run goes on without it: `odetoode sync` does not need it");
        try {
            wandb.close();
        } catch (IOException again) {
            // already reported
        }
        wandb = null;
    }

    private void flushIfDue() {
        try {
            synchronized (this) {
                if (closed || failure != null) {
                    return;
                }
                if (unflushed) {
                    flushLines();
                }
            }
            flushWandbFile();
            if (System.nanoTime() - summaryWrittenNanos >= SUMMARY_EVERY_NANOS) {
                writeSummary();
            }
        } catch (TrackerException e) {
            // recorded in failure: the next call on the run reports it
        }
    }

    /** Called with the lock held. */
    private void flushLines() {
        try {
            history.flush();
            output.flush();
            events.flush();
            unflushed = false;
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Writes the summary if it changed since the last write; the fsync happens outside the row lock. */
    private void writeSummary() {
        synchronized (summaryFile) {
            byte[] bytes;
            long version;
            synchronized (this) {
                if (summaryVersion == summaryVersionWritten) {
                    return;
                }
                version = summaryVersion;
                bytes = Json.write(summary).getBytes(StandardCharsets.UTF_8);
            }
            try {
                AtomicFiles.write(dir.file(RunDirectory.SUMMARY), bytes);
            } catch (IOException e) {
                synchronized (this) {
                    throw fail(e);
                }
            }
            summaryVersionWritten = version;
            summaryWrittenNanos = System.nanoTime();
        }
    }

    /** W&B's {@code _runtime}: seconds since the run started, earlier processes of a resumed run included. */
    private double runtime(long nanos) {
        return runtimeOffset + (nanos - startNanos) / 1e9;
    }

    private void checkUsable() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("the run directory " + dir + " is closed");
        }
    }

    private TrackerException fail(IOException e) {
        if (failure == null) {
            failure = new TrackerException(TrackerException.Reason.IO, "cannot write the run directory " + dir
                    + " (" + e + "): check free space; nothing from here on is recorded", e);
        }
        return failure;
    }
}
