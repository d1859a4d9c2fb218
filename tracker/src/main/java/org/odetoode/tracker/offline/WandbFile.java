package org.odetoode.tracker.offline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>Records are framed in memory and handed to the operating system whole on {@link #flush()}, so a process
 * killed at any moment leaves a file of whole records that the official reader takes up to its last record.
 * Not thread-safe: the run writer calls it under its lock.
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
    /** Framed records kept in memory beyond this are written at once rather than at the next flush. */
    private static final int MOST_PENDING_BYTES = 1 << 20;
    /** The producer named in the header record. */
    static final String PRODUCER = "odetoode-tracker 0.1";
    /** The oldest W&B server that reads these records, as the official client states it for the same schema. */
    static final String MIN_CONSUMER = "0.70.0";

    private final FileChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 12);
    private final LevelDbLogWriter log;
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

    /** One history row, with its bookkeeping items {@code _step}, {@code _runtime} and {@code _timestamp}. */
    public void history(Map<String, ?> metrics, long step, double runtime, double timestamp) throws IOException {
        Proto history = new Proto();
        metrics.forEach((key, value) -> history.message(1, item(key, Json.write(value))));
        history.message(1, item("_step", Long.toString(step)))
                .message(1, item("_runtime", Json.write(runtime)))
                .message(1, item("_timestamp", Json.write(timestamp)))
                .message(2, new Proto().number(1, step));
        record(RECORD_HISTORY, history);
    }

    /** One console line (without its newline) printed at {@code timestamp} (Unix seconds). */
    public void output(String line, boolean stderr, double timestamp) throws IOException {
        record(RECORD_OUTPUT_RAW, new Proto().number(1, stderr ? STDERR : STDOUT).message(2, timestamp(timestamp))
                .string(3, line + "\n"));
    }

    /** One sample of system metrics under the official client's bare keys. */
    public void stats(Map<String, ?> metrics, double timestamp) throws IOException {
        Proto stats = new Proto().number(1, 0).message(2, timestamp(timestamp));
        metrics.forEach((key, value) -> stats.message(3, item(key, Json.write(value))));
        record(RECORD_STATS, stats);
    }

    /**
     * Ends the log: the files saved under {@code files/} (uploaded at the end), the summary and, for a run that
     * finished, its exit code and the final record; a run closed without an exit code reads as crashed.
     *
     * @param runtime whole seconds the run ran, earlier processes included
     */
    public void finish(Path savedFiles, Map<String, Object> summary, Integer exitCode, double runtime)
            throws IOException {
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

    /** Hands the records framed so far to the operating system: from here on they survive a killed process. */
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(pending.toByteArray());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        pending.reset();
    }

    /** Flushes, forces the file to the storage device and closes it. */
    @Override
    public void close() throws IOException {
        try {
            flush();
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    private void record(int field, Proto body) throws IOException {
        log.write(new Proto().number(RECORD_NUM, ++records).message(field, body).toByteArray());
        if (pending.size() > MOST_PENDING_BYTES) {
            flush();
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
