package org.odetoode.tracker.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.odetoode.tracker.internal.Json;
import org.odetoode.tracker.internal.LevelDbLogWriter;
import org.odetoode.tracker.internal.Proto;

/**
 * Writes a run directory as {@code run-<id>.wandb}, the binary log the official {@code wandb sync}
 * uploads: protobuf {@code wandb_internal.Record}s (run with config, one history record per row,
 * output lines, system stats, files, summary, exit, final) in LevelDB-log framing. It is derived from
 * the run directory, which stays the source of truth, so it can be written again at any time.
 */
public final class WandbFile {
    // wandb_internal.Record fields
    private static final int RECORD_NUM = 1;
    private static final int RECORD_HISTORY = 2;
    private static final int RECORD_SUMMARY = 3;
    private static final int RECORD_OUTPUT = 4;
    private static final int RECORD_FILES = 6;
    private static final int RECORD_STATS = 7;
    private static final int RECORD_RUN = 17;
    private static final int RECORD_EXIT = 18;
    private static final int RECORD_FINAL = 20;
    // items (HistoryItem, ConfigItem, SummaryItem, StatsItem): key = 1, value_json = 16
    private static final int ITEM_KEY = 1;
    private static final int ITEM_VALUE_JSON = 16;
    private static final int STDERR = 0;
    private static final int STDOUT = 1;
    private static final int POLICY_END = 1;
    private static final int SCAN_BYTES = 16 << 20;

    private final LevelDbLogWriter log;
    private long records;

    private WandbFile(LevelDbLogWriter log) {
        this.log = log;
    }

    /** The file's name in its run directory. */
    public static Path path(RunDirectory dir) {
        return dir.file("run-" + dir.info().runId() + ".wandb");
    }

    /**
     * Writes (or rewrites) the run directory's {@code .wandb} file, reading the line files in bounded chunks.
     *
     * @return the file written
     */
    public static Path write(RunDirectory dir) throws IOException {
        Path target = path(dir);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            new WandbFile(new LevelDbLogWriter(out)).records(dir);
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private void records(RunDirectory dir) throws IOException {
        RunInfo info = dir.info();
        record(RECORD_RUN, run(info, dir.config()));
        LineReader.forEach(dir.file(RunDirectory.HISTORY), SCAN_BYTES, line -> record(RECORD_HISTORY, history(Json.MAPPER.readTree(line))));
        LineReader.forEach(dir.file(RunDirectory.OUTPUT), SCAN_BYTES, line -> record(RECORD_OUTPUT, output(line, info.startedAt())));
        LineReader.forEach(dir.file(RunDirectory.EVENTS), SCAN_BYTES, line -> record(RECORD_STATS, stats(Json.MAPPER.readTree(line))));
        Proto files = files(dir.file(RunDirectory.FILES));
        if (files != null) {
            record(RECORD_FILES, files);
        }
        Path summaryFile = dir.file(RunDirectory.SUMMARY);
        if (Files.isRegularFile(summaryFile)) {
            record(RECORD_SUMMARY, items(new Proto(), 1, Json.MAPPER.readTree(summaryFile.toFile()), false));
        }
        if (info.exitCode() != null) {
            double runtime = info.finishedAt() == null ? 0 : info.finishedAt() - info.startedAt();
            record(RECORD_EXIT, new Proto().number(1, info.exitCode()).number(2, (long) runtime));
        }
        record(RECORD_FINAL, new Proto());
    }

    private void record(int field, Proto body) throws IOException {
        log.write(new Proto().number(RECORD_NUM, ++records).message(field, body).toByteArray());
    }

    private static Proto run(RunInfo info, Map<String, Object> config) {
        Proto configRecord = new Proto();
        config.forEach((key, value) -> configRecord.message(1, item(key, Json.write(value))));
        Proto run = new Proto().string(1, info.runId()).string(2, info.entity()).string(3, info.project())
                .message(4, configRecord).string(6, info.group()).string(7, info.jobType())
                .string(8, info.displayName()).string(9, info.notes());
        info.tags().forEach(tag -> run.string(10, tag));
        run.string(13, info.host()).number(14, info.startStep()).message(17, timestamp(info.startedAt()));
        if (info.commit() != null) {
            run.message(21, new Proto().string(2, info.commit()));
        }
        return run;
    }

    private static Proto history(JsonNode row) {
        Proto history = items(new Proto(), 1, row, false);
        return history.message(2, new Proto().number(1, row.path("_step").asLong()));
    }

    private static Proto output(String line, double at) {
        boolean stderr = line.startsWith("ERROR ");
        return new Proto().number(1, stderr ? STDERR : STDOUT).message(2, timestamp(at))
                .string(3, (stderr ? line.substring("ERROR ".length()) : line) + "\n");
    }

    private static Proto stats(JsonNode event) {
        Proto stats = new Proto().number(1, 0).message(2, timestamp(event.path("_timestamp").asDouble()));
        return items(stats, 3, event, true);
    }

    /** One item per field of {@code object}; bookkeeping keys (leading underscore) only when wanted. */
    private static Proto items(Proto into, int field, JsonNode object, boolean dropBookkeeping) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (!(dropBookkeeping && entry.getKey().startsWith("_"))) {
                into.message(field, item(entry.getKey(), Json.write(entry.getValue())));
            }
        }
        return into;
    }

    private static Proto item(String key, String valueJson) {
        return new Proto().string(ITEM_KEY, key).string(ITEM_VALUE_JSON, valueJson);
    }

    private static Proto timestamp(double unixSeconds) {
        long seconds = (long) Math.floor(unixSeconds);
        return new Proto().number(1, seconds).number(2, Math.round((unixSeconds - seconds) * 1e9));
    }

    private static Proto files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<Path> saved;
        try (Stream<Path> walk = Files.walk(folder)) {
            saved = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (saved.isEmpty()) {
            return null;
        }
        Proto files = new Proto();
        for (Path file : saved) {
            files.message(1, new Proto().string(1, folder.relativize(file).toString().replace('\\', '/'))
                    .number(2, POLICY_END));
        }
        return files;
    }
}
