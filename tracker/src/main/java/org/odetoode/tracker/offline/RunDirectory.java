package org.odetoode.tracker.offline;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.internal.Json;

/**
 * A run directory, written whatever the mode and uploaded from by the sender and {@code sync}:
 *
 * <pre>
 * wandb/offline-run-20260101_120000-abc123de/   (run-... for online runs)
 *   run.json              who the run is; its exit code once finished
 *   config.json           the resolved configuration
 *   wandb-history.jsonl   one JSON object per log call, with _step, _runtime, _timestamp
 *   wandb-summary.json    the latest value of every key, and explicit summary values
 *   wandb-events.jsonl    system metrics, when sampled
 *   output.log            what the run printed
 *   files/                files saved with Run.saveFile, and wandb-metadata.json (host, Java, git commit,
 *                         command line)
 *   run-abc123de.wandb    offline runs: the binary log the official `wandb sync` takes, appended as the run
 *                         goes (see WandbFile)
 *   sync-state.json       how much reached the server
 *   run.lock              held by the live process
 * </pre>
 */
public final class RunDirectory {
    public static final String RUN = "run.json";
    public static final String CONFIG = "config.json";
    public static final String HISTORY = "wandb-history.jsonl";
    public static final String SUMMARY = "wandb-summary.json";
    public static final String EVENTS = "wandb-events.jsonl";
    public static final String OUTPUT = "output.log";
    /** The name W&B gives the metadata file among a run's files. */
    public static final String METADATA_NAME = "wandb-metadata.json";
    /** Where the metadata lives: among the saved files, where the official {@code wandb sync} looks for it. */
    public static final String METADATA = "files/" + METADATA_NAME;
    public static final String FILES = "files";
    public static final String SYNC_STATE = "sync-state.json";
    public static final String LOCK = "run.lock";
    /** The line files streamed through file_stream, in the order a request fills them. */
    public static final List<String> STREAMED = List.of(HISTORY, OUTPUT, EVENTS);

    private static final int SUMMARY_SCAN_BYTES = 16 << 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates {@code root/wandb/[offline-]run-<time>-<id>/} with its {@code files/} folder and writes
     * {@code run.json} and {@code config.json}.
     */
    public static RunDirectory create(Path root, boolean offline, RunInfo info, Map<String, Object> config) {
        String name = (offline ? "offline-run-" : "run-") + LocalDateTime.now().format(STAMP) + "-" + info.runId();
        Path dir = root.resolve("wandb").resolve(name);
        try {
            Path candidate = dir;
            for (int i = 1; Files.exists(candidate); i++) {
                candidate = dir.resolveSibling(name + "-" + i);
            }
            Files.createDirectories(candidate.resolve(FILES));
            RunDirectory created = new RunDirectory(candidate);
            created.writeJson(RUN, info);
            created.writeJson(CONFIG, config);
            return created;
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot create the run directory " + dir
                    + " (" + e.getMessage() + "): set WANDB_DIR to a writable folder", e);
        }
    }

    /**
     * Opens an existing run directory.
     *
     * @throws TrackerException {@link TrackerException.Reason#RUN_DIRECTORY} if it has no {@code run.json}
     */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RUN))) {
            throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, dir + " is not a run directory ("
                    + (Files.isDirectory(dir) ? "it has no " + RUN : "no such folder")
                    + "): pass a folder such as wandb/offline-run-20260101_120000-abc123de");
        }
        return new RunDirectory(dir);
    }

    /**
     * Every run directory below {@code folder} (not descending into one), in the order the runs started.
     *
     * @throws TrackerException {@link TrackerException.Reason#IO} if the folder cannot be read
     */
    public static List<RunDirectory> findBelow(Path folder) {
        List<RunDirectory> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (Files.isRegularFile(dir.resolve(RUN))) {
                        found.add(new RunDirectory(dir));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot list the runs below " + folder + " ("
                    + e.getMessage() + ")", e);
        }
        found.sort(Comparator.comparingDouble((RunDirectory dir) -> dir.info().startedAt())
                .thenComparing(dir -> dir.path().toString()));
        return found;
    }

    /**
     * The run directories of the earlier processes of run {@code runId} under {@code root/wandb/}, oldest first:
     * those a resumed run continues.
     */
    public static List<RunDirectory> earlierParts(Path root, String runId) {
        Path folder = root.resolve("wandb");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        return findBelow(folder).stream().filter(dir -> runId.equals(dir.info().runId())).toList();
    }

    public Path path() {
        return path;
    }

    /** A file of this run directory, by name. */
    public Path file(String name) {
        return path.resolve(name);
    }

    public RunInfo info() {
        return readJson(RUN, new TypeReference<RunInfo>() { }).orElseThrow();
    }

    public void writeInfo(RunInfo info) {
        writeJson(RUN, info);
    }

    public Map<String, Object> config() {
        return readJson(CONFIG, new TypeReference<LinkedHashMap<String, Object>>() { })
                .<Map<String, Object>>map(m -> m).orElseGet(LinkedHashMap::new);
    }

    /** The upload progress, or empty if nothing was ever sent. */
    public Optional<SyncProgress> progress() {
        return readJson(SYNC_STATE, new TypeReference<SyncProgress>() { });
    }

    public void writeProgress(SyncProgress progress) {
        writeJson(SYNC_STATE, progress);
    }

    /** Replaces {@code name} atomically with {@code value} as JSON. */
    public void writeJson(String name, Object value) {
        try {
            AtomicFiles.write(file(name), Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot write " + file(name)
                    + " (" + e.getMessage() + "): check free space and permissions", e);
        }
    }

    private <T> Optional<T> readJson(String name, TypeReference<T> type) {
        try {
            return Optional.of(Json.MAPPER.readValue(file(name).toFile(), type));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, "cannot read " + file(name)
                    + " (" + e.getMessage() + "): the run directory is damaged", e);
        }
    }

    /**
     * Folds into the summary every history row after the summary's {@code _step}. The live writer
     * rewrites the summary at most once a second, so after a crash it can miss the last rows; the
     * history has them. Reads the history in bounded chunks.
     *
     * @return whether the summary changed
     */
    public boolean catchUpSummary() throws IOException {
        Map<String, Object> summary = readJson(SUMMARY, new TypeReference<LinkedHashMap<String, Object>>() { })
                .<Map<String, Object>>map(m -> m).orElseGet(LinkedHashMap::new);
        long summarized = summary.get("_step") instanceof Number step ? step.longValue() : -1;
        boolean[] changed = {false};
        LineReader.forEach(file(HISTORY), SUMMARY_SCAN_BYTES, line -> {
            Map<String, Object> row = Json.MAPPER.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { });
            if (row.get("_step") instanceof Number step && step.longValue() > summarized) {
                summary.putAll(row);
                changed[0] = true;
            }
        });
        if (changed[0]) {
            writeJson(SUMMARY, summary);
        }
        return changed[0];
    }

    /**
     * Takes the run's exclusive lock, held by a live run and by {@code sync} so that two processes never
     * write or upload the same run at once. The operating system drops it when its process dies.
     *
     * @throws TrackerException {@link TrackerException.Reason#RUN_DIRECTORY} if another process holds it
     */
    public Lock lock() {
        try {
            FileChannel channel = FileChannel.open(file(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, path
                        + " is in use by a live run or another sync: wait until it finishes");
            }
            return new Lock(channel);
        } catch (IOException e) {
            throw new TrackerException(TrackerException.Reason.IO, "cannot lock " + file(LOCK)
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** The run's exclusive lock; closing releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a lock file cannot lose data; the OS releases the lock with the descriptor
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
