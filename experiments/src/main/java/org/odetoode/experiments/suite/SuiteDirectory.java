package org.odetoode.experiments.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.odetoode.agents.TrainConfig;
import org.odetoode.supervised.train.SupervisedConfig;

/**
 * A suite's output folder: {@code suite.yaml} (the suite as resolved, every cell's config), {@code cells/NAME/} (one
 * ordinary {@code train} run directory per cell), {@code suite.lock} (held while a whole suite runs),
 * {@code locks/NAME.lock} (held while a process trains cell NAME, so that two processes never train one cell, whether
 * they run the whole suite or one cell each as a cluster's array tasks) and {@code running.json} (the cells in flight
 * of a whole-suite run, meaningful only while its lock is held).
 */
public final class SuiteDirectory {
    /** The resolved suite. */
    public static final String SUITE_FILE = "suite.yaml";
    /** The folder of the cells' run directories. */
    public static final String CELLS = "cells";
    private static final String LOCK_FILE = "suite.lock";
    private static final String RUNNING_FILE = "running.json";
    private static final String CELL_LOCKS = "locks";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    public SuiteDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The run directory of cell {@code name}. */
    public Path cell(String name) {
        return root.resolve(CELLS).resolve(name);
    }

    /**
     * One cell as {@code suite.yaml} lists it: an RL cell has {@code config}, a supervised one {@code supervised}
     * (and {@code env} is its dataset).
     */
    public record Entry(String cell, String env, String label, long seed, int parameterCount, TrainConfig config,
            SupervisedConfig supervised) {
        /** Where the cell stands, read from its run directory in {@code suite}. */
        public CellState state(SuiteDirectory suite, boolean running) {
            Path dir = suite.cell(cell);
            return supervised != null ? CellState.atSupervised(dir, running) : CellState.at(dir, config, running);
        }
    }

    /**
     * Writes {@code suite.yaml} for {@code suite}, read from {@code source}, unless it already holds exactly that text:
     * the array tasks of one suite all call this, each with the same suite and source, so the file is written whole
     * (atomically) and the same by whichever task comes first.
     */
    void writeSuite(Suite suite, Path source) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", suite.name());
        doc.put("source", source.toString());
        if (!suite.description().isEmpty()) {
            doc.put("description", suite.description());
        }
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Cell c : suite.cells()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", c.name());
            m.put("env", c.env());
            m.put("label", c.label());
            m.put("policy", c.policy());
            m.put("agent", c.agent());
            m.put("seed", c.seed());
            m.put("parameter-count", c.parameterCount() == Cell.UNKNOWN ? null : c.parameterCount());
            m.put("config", c.configMap());
            cells.add(m);
        }
        doc.put("cells", cells);
        try {
            Files.createDirectories(root);
            Path file = root.resolve(SUITE_FILE);
            String text = YAML.writeValueAsString(doc);
            if (!Files.isRegularFile(file) || !Files.readString(file).equals(text)) {
                writeAtomically(file, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(SUITE_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The suite's name and cells as {@code suite.yaml} records them. */
    public record Resolved(String name, List<Entry> cells) {
    }

    /**
     * Reads {@code suite.yaml}.
     *
     * @throws IllegalArgumentException when the folder holds no suite
     */
    public Resolved read() {
        Path file = root.resolve(SUITE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No suite in " + root + ": expected " + file + " (written by `odetoode"
                    + " suite run`)");
        }
        Map<String, Object> doc;
        try {
            doc = YAML.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage().replace('\n', ' '));
        }
        List<Entry> cells = new ArrayList<>();
        for (Object o : (List<?>) doc.getOrDefault("cells", List.of())) {
            Map<?, ?> m = (Map<?, ?>) o;
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) m.get("config");
            boolean supervised = Cell.SUPERVISED.equals(m.get("agent"));
            cells.add(new Entry(String.valueOf(m.get("cell")), String.valueOf(m.get("env")),
                    String.valueOf(m.get("label")), ((Number) m.get("seed")).longValue(),
                    m.get("parameter-count") instanceof Number n ? n.intValue() : Cell.UNKNOWN,
                    supervised ? null : TrainConfig.resolve(config, Map.of()),
                    supervised ? SupervisedConfig.resolve(config) : null));
        }
        return new Resolved(String.valueOf(doc.get("name")), cells);
    }

    /** The lock a running suite holds on its folder. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the folder's lock for this process.
     *
     * @throws IllegalArgumentException when another suite run holds it
     */
    Lock lock() {
        Lock lock = tryLock(root.resolve(LOCK_FILE), () -> deleteIfExists(root.resolve(RUNNING_FILE)));
        if (lock == null) {
            throw new IllegalArgumentException("Another `odetoode suite run` is running in " + root + "; wait for"
                    + " it or stop it (Ctrl-C checkpoints its cells) before running this suite there");
        }
        return lock;
    }

    /** Takes cell {@code name}'s lock for this process; null when another process (or thread) trains that cell. */
    Lock tryLockCell(String name) {
        return tryLock(cellLock(name), () -> { });
    }

    private Path cellLock(String name) {
        return root.resolve(CELL_LOCKS).resolve(name + ".lock");
    }

    /** An exclusive lock on {@code file} (created), or null when it is held; {@code onRelease} runs before release. */
    private static Lock tryLock(Path file, Runnable onRelease) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            FileLock held = lock;
            return () -> {
                try {
                    onRelease.run();
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while a suite run (in any process) holds the folder's lock. */
    public boolean inUse() {
        return held(root.resolve(LOCK_FILE));
    }

    private static boolean held(Path file) {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM holds it
        } catch (IOException e) {
            return false;
        }
    }

    /** Records the cells in flight. */
    void writeRunning(Collection<String> cells) {
        try {
            writeAtomically(root.resolve(RUNNING_FILE), JSON.writeValueAsString(new TreeSet<>(cells)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(RUNNING_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The cells in flight: those a whole-suite run lists while it holds the folder's lock, and those whose lock is held. */
    public Set<String> running() {
        Set<String> cells = new TreeSet<>();
        Path file = root.resolve(RUNNING_FILE);
        if (Files.isRegularFile(file) && inUse()) {
            try {
                cells.addAll(JSON.readValue(file.toFile(), new TypeReference<List<String>>() { }));
            } catch (IOException e) {
                // torn or gone: the run just ended; the cell locks below still tell
            }
        }
        Path locks = root.resolve(CELL_LOCKS);
        if (Files.isDirectory(locks)) {
            try (Stream<Path> files = Files.list(locks)) {
                files.filter(f -> f.getFileName().toString().endsWith(".lock") && held(f)).forEach(f -> {
                    String name = f.getFileName().toString();
                    cells.add(name.substring(0, name.length() - ".lock".length()));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + locks + ": " + e.getMessage(), e);
            }
        }
        return cells;
    }

    /** Writes through a temporary file of this writer's own, so that processes writing one file never share one. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
