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

/**
 * The run directory's only writer. A row is encoded straight into the history file's buffer on the
 * calling thread, a cheap append with no copy, queue or second core involved; a background flusher hands
 * the buffers to the operating system every 20 ms (from then on they survive a killed process) and rewrites
 * the summary file at most once a second. Memory is the fixed buffers, whatever the run's length.
 *
 * <p>Thread-safe: rows from several threads keep the order of the calls. An I/O failure is thrown to
 * the caller that meets it and to every caller after, so no row is believed kept when it was not.
 */
public final class RunWriter implements AutoCloseable {
    private static final long FLUSH_EVERY_MILLIS = 20;
    private static final long SUMMARY_EVERY_NANOS = 1_000_000_000L;

    private final RunDirectory dir;
    private final LineLog history;
    private final LineLog output;
    private final LineLog events;
    private final RowEncoder encoder = new RowEncoder();
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
     */
    public RunWriter(RunDirectory dir, long startNanos, double runtimeOffset, String secret) {
        this.dir = dir;
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
                encoder.append(history, metrics, step, runtime, timestamp, false);
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
    }

    /** Sets an explicit summary value. */
    public synchronized void summary(String key, Object value) {
        checkUsable();
        summary.put(key, value);
        summaryVersion++;
    }

    /** Appends one line of output (without its newline), the API key blanked out. */
    public synchronized void output(String line) {
        checkUsable();
        String text = secret == null ? line : line.replace(secret, "[redacted]");
        try {
            output.append(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw fail(e);
        }
        unflushed = true;
    }

    /** Appends one row of system metrics to {@code wandb-events.jsonl}. */
    public synchronized void event(Map<String, ?> metrics, long nanos, long epochMillis) {
        checkUsable();
        try {
            encoder.append(events, metrics, -1, runtime(nanos), epochMillis / 1e3, true);
        } catch (IOException e) {
            throw fail(e);
        }
        unflushed = true;
    }

    /** Hands everything written so far to the operating system and rewrites the summary. */
    public void flush() {
        synchronized (this) {
            checkUsable();
            flushLines();
        }
        writeSummary();
    }

    /** Flushes, forces the files to the storage device, rewrites the summary and closes the files. */
    @Override
    public void close() {
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
            if (failure != null) {
                throw failure;
            }
        }
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
