package org.odetoode.tracker.offline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.odetoode.tracker.internal.Json;
import org.odetoode.tracker.internal.LevelDbLogWriter;
import org.odetoode.tracker.internal.Proto;

/**
 * The run's {@code run-<id>.wandb}, the binary transaction log the official {@code wandb sync} uploads:
 * protobuf {@code wandb_internal.Record}s in LevelDB-log framing, appended as the run goes, in the order the
 * current client writes them: {@code header} (version info), {@code run} (with config), a {@code files} record
 * for {@code wandb-metadata.json}, then one {@code history} record per row, one {@code output_raw} record per
 * console line with the line's own time, and {@code stats} records with the official client's bare keys
 * ({@code cpu}, {@code memory_percent}, ...: sync adds the {@code system.} prefix); at the end the saved files,
 * the summary, {@code exit} and {@code final}.
 *
 * <p>Rows, lines and samples are queued as they come (a history row as a copy of its JSON line: the logging
 * thread only copies bytes) and encoded on {@link #flush()}, which the run writer's flusher calls every 20 ms;
 * the records are handed to the operating system whole, so a process killed at any moment leaves a file of whole
 * records that the official reader takes up to its last one. Thread-safe: queueing never waits for encoding or
 * the disk, and batches are encoded and written in the order they were queued.
 */
public final class WandbFile implements AutoCloseable {
    // wandb_internal.Record fields
    private static final int RECORD_NUM = 1;
    private static final int RECORD_HISTORY = 2;
    private static final int RECORD_SUMMARY = 3;
    private static final int RECORD_FILES = 6;
    private static final int RECORD_STATS = 7;
    private static final int RECORD_OUTPUT_RAW = 13;
    private static final int RECORD_RUN = 17;
    private static final int RECORD_EXIT = 18;
    private static final int RECORD_FINAL = 20;
    private static final int RECORD_HEADER = 21;
    // items (HistoryItem, ConfigItem, SummaryItem, StatsItem): key = 1, value_json = 16
    private static final int ITEM_KEY = 1;
    private static final int ITEM_VALUE_JSON = 16;
    private static final int STDERR = 0;
    private static final int STDOUT = 1;
    private static final int POLICY_NOW = 0;
    private static final int POLICY_END = 1;
    private static final int FILE_TYPE_WANDB = 1;
    /** Rows queued beyond this many bytes are written by the caller rather than at the flusher's next turn. */
    private static final int MOST_PENDING_BYTES = 4 << 20;
    /** The producer named in the header record. */
    static final String PRODUCER = "odetoode-tracker 0.1";
    /** The oldest W&B server that reads these records, as the official client states it for the same schema. */
    static final String MIN_CONSUMER = "0.70.0";

    private final FileChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 12);
    private final LevelDbLogWriter log;
    /** Guarded by itself: the logging thread only ever waits for this, never for encoding or disk. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Guards encoding and writing (records, pending, log, channel), so that batches reach the file in order. */
    private final Object fileLock = new Object();
    private long records;

    private WandbFile(FileChannel channel) throws IOException {
        this.channel = channel;
        this.log = new LevelDbLogWriter(pending);
    }

    /** The file's name in its run directory. */
    public static Path path(RunDirectory dir) {
        return dir.file("run-" + dir.info().runId() + ".wandb");
    }

    /**
     * Creates the run's {@code .wandb} file and writes its header, run and metadata records to disk.
     *
     * @param runtime seconds the run had already run in earlier processes (a resumed run), else 0
     */
    public static WandbFile create(RunDirectory dir, RunInfo info, Map<String, Object> config, double runtime)
            throws IOException {
        FileChannel channel = FileChannel.open(path(dir), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            WandbFile file = new WandbFile(channel);
            file.record(RECORD_HEADER, new Proto().message(1, new Proto().string(1, PRODUCER).string(2, MIN_CONSUMER)));
            file.record(RECORD_RUN, run(info, config, runtime));
            file.record(RECORD_FILES, new Proto().message(1, new Proto().string(1, RunDirectory.METADATA_NAME)
                    .number(2, POLICY_NOW).number(3, FILE_TYPE_WANDB)));
            file.flush();
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * One history row as its JSON line ({@code bytes[offset, offset + length)}, bookkeeping keys {@code _step},
     * {@code _runtime}, {@code _timestamp} included), copied now and encoded at the next {@link #flush()}, so that
     * the caller's thread only copies bytes.
     */
    public void history(byte[] bytes, int offset, int length) {
        queue(new HistoryLine(java.util.Arrays.copyOfRange(bytes, offset, offset + length)), length);
    }

    /** One console line (without its newline) printed at {@code timestamp} (Unix seconds). */
    public void output(String line, boolean stderr, double timestamp) {
        queue(new OutputLine(line, stderr, timestamp), line.length());
    }

    /** One sample of system metrics under the official client's bare keys. */
    public void stats(Map<String, ?> metrics, double timestamp) {
        queue(new StatsSample(new java.util.LinkedHashMap<>(metrics), timestamp), 64L * metrics.size());
    }

    /** Whether so much is queued that the caller should {@link #flush()} now rather than wait for the flusher. */
    public boolean full() {
        synchronized (queue) {
            return queuedBytes > MOST_PENDING_BYTES;
        }
    }

    /**
     * Ends the log: the files saved under {@code files/} (uploaded at the end), the summary and, for a run that
     * finished, its exit code and the final record; a run closed without an exit code reads as crashed.
     *
     * @param runtime whole seconds the run ran, earlier processes included
     */
    public void finish(Path savedFiles, Map<String, Object> summary, Integer exitCode, double runtime)
            throws IOException {
        synchronized (fileLock) {
            finishLocked(savedFiles, summary, exitCode, runtime);
        }
    }

    private void finishLocked(Path savedFiles, Map<String, Object> summary, Integer exitCode, double runtime)
            throws IOException {
        encodeQueued();
        Proto files = savedFiles(savedFiles);
        if (files != null) {
            record(RECORD_FILES, files);
        }
        Proto summaryRecord = new Proto();
        summary.forEach((key, value) -> summaryRecord.message(1, item(key, Json.write(value))));
        record(RECORD_SUMMARY, summaryRecord);
        if (exitCode != null) {
            record(RECORD_EXIT, new Proto().number(1, exitCode).number(2, (long) runtime));
            record(RECORD_FINAL, new Proto());
        }
        flush();
    }

    /** Encodes what is queued and hands the records to the operating system: then they survive a killed process. */
    public void flush() throws IOException {
        synchronized (fileLock) {
            encodeQueued();
            if (pending.size() == 0) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            pending.reset();
        }
    }

    /** Flushes, forces the file to the storage device and closes it. */
    @Override
    public void close() throws IOException {
        synchronized (fileLock) {
            try {
                flush();
                channel.force(false);
            } finally {
                channel.close();
            }
        }
    }

    /** Called with the file lock held. */
    private void encodeQueued() throws IOException {
        List<Queued> batch;
        synchronized (queue) {
            batch = List.copyOf(queue);
            queue.clear();
            queuedBytes = 0;
        }
        for (Queued entry : batch) {
            entry.encodeInto(this);
        }
    }

    private void queue(Queued entry, long bytes) {
        synchronized (queue) {
            queue.add(entry);
            queuedBytes += bytes;
        }
    }

    private void record(int field, Proto body) throws IOException {
        log.write(new Proto().number(RECORD_NUM, ++records).message(field, body).toByteArray());
    }

    /** What waits in the queue for the next flush, in the order it happened. */
    private interface Queued {
        void encodeInto(WandbFile file) throws IOException;
    }

    private record HistoryLine(byte[] json) implements Queued {
        /**
         * Each item's value_json is its value's own text in the line, sliced rather than parsed and written again,
         * and each item is built in place: a row costs about a copy of its bytes. The line is compact JSON from
         * the run writer (no whitespace), which the scan below relies on.
         */
        @Override
        public void encodeInto(WandbFile file) throws IOException {
            Proto history = new Proto();
            long step = 0;
            int at = 1; // after '{'
            while (json[at] != '}') {
                int keyEnd = endOfString(json, at);
                byte[] key = null;
                int keyStart = at + 1;
                int keyLength = keyEnd - keyStart;
                for (int i = keyStart; i < keyEnd; i++) {
                    if (json[i] == '\\') {
                        // an escaped name: the item holds it unescaped
                        key = Json.MAPPER.readValue(json, at, keyEnd + 1 - at, String.class).getBytes(UTF_8);
                        break;
                    }
                }
                int valueStart = keyEnd + 2; // past '"' and ':'
                int valueEnd = endOfValue(json, valueStart);
                int valueLength = valueEnd - valueStart;
                int keySize = key == null ? keyLength : key.length;
                history.messageStart(1, Proto.lengthDelimitedSize(ITEM_KEY, keySize)
                        + Proto.lengthDelimitedSize(ITEM_VALUE_JSON, valueLength));
                if (key == null) {
                    history.bytes(ITEM_KEY, json, keyStart, keyLength);
                } else {
                    history.bytes(ITEM_KEY, key, 0, key.length);
                }
                history.bytes(ITEM_VALUE_JSON, json, valueStart, valueLength);
                if (key == null && keyLength == 5 && new String(json, keyStart, 5, UTF_8).equals("_step")) {
                    step = Long.parseLong(new String(json, valueStart, valueLength, UTF_8));
                }
                at = json[valueEnd] == ',' ? valueEnd + 1 : valueEnd;
            }
            file.record(RECORD_HISTORY, history.message(2, new Proto().number(1, step)));
        }

        /** The index of the quote closing the string whose opening quote is at {@code open}. */
        private static int endOfString(byte[] json, int open) {
            int i = open + 1;
            while (json[i] != '"') {
                i += json[i] == '\\' ? 2 : 1;
            }
            return i;
        }

        /** The index just past the JSON value starting at {@code start}: its string, its brackets, or its literal. */
        private static int endOfValue(byte[] json, int start) {
            int depth = 0;
            int i = start;
            while (true) {
                byte c = json[i];
                if (c == '"') {
                    i = endOfString(json, i) + 1;
                    if (depth == 0) {
                        return i;
                    }
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (depth == 0) {
                        return i;
                    }
                    if (--depth == 0) {
                        return i + 1;
                    }
                } else if (c == ',' && depth == 0) {
                    return i;
                }
                i++;
            }
        }
    }

    private record OutputLine(String text, boolean stderr, double unixSeconds) implements Queued {
        @Override
        public void encodeInto(WandbFile file) throws IOException {
            file.record(RECORD_OUTPUT_RAW, new Proto().number(1, stderr ? STDERR : STDOUT)
                    .message(2, timestamp(unixSeconds)).string(3, text + "\n"));
        }
    }

    private record StatsSample(Map<String, Object> metrics, double unixSeconds) implements Queued {
        @Override
        public void encodeInto(WandbFile file) throws IOException {
            Proto stats = new Proto().number(1, 0).message(2, timestamp(unixSeconds));
            metrics.forEach((key, value) -> stats.message(3, item(key, Json.write(value))));
            file.record(RECORD_STATS, stats);
        }
    }

    private static Proto run(RunInfo info, Map<String, Object> config, double runtime) {
        Proto configRecord = new Proto();
        config.forEach((key, value) -> configRecord.message(1, item(key, Json.write(value))));
        Proto run = new Proto().string(1, info.runId()).string(2, info.entity()).string(3, info.project())
                .message(4, configRecord).string(6, info.group()).string(7, info.jobType())
                .string(8, info.displayName()).string(9, info.notes());
        info.tags().forEach(tag -> run.string(10, tag));
        run.string(13, info.host()).number(14, info.startStep()).message(17, timestamp(info.startedAt()))
                .number(18, info.startStep() > 0 ? 1 : 0).number(20, (long) runtime);
        if (info.commit() != null) {
            run.message(21, new Proto().string(2, info.commit()));
        }
        return run;
    }

    private static Proto item(String key, String valueJson) {
        return new Proto().string(ITEM_KEY, key).string(ITEM_VALUE_JSON, valueJson);
    }

    private static Proto timestamp(double unixSeconds) {
        long seconds = (long) Math.floor(unixSeconds);
        return new Proto().number(1, seconds).number(2, Math.round((unixSeconds - seconds) * 1e9));
    }

    /** A files record for every file under {@code folder} but the metadata (sent at the start), or null if none. */
    private static Proto savedFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<Path> saved;
        try (Stream<Path> walk = Files.walk(folder)) {
            saved = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Proto files = new Proto();
        boolean any = false;
        for (Path file : saved) {
            String name = folder.relativize(file).toString().replace('\\', '/');
            if (!name.equals(RunDirectory.METADATA_NAME)) {
                files.message(1, new Proto().string(1, name).number(2, POLICY_END));
                any = true;
            }
        }
        return any ? files : null;
    }
}
