package org.odetoode.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.odetoode.modules.net.Precision;

/** The run directory's config file, shared by the trainers: a new run, a resumed one, one read for evaluation. */
final class RunDirectory {
    private static final String ROLLOUT_PRECISION = "rollout-precision";
    private static final String DEFAULTS_FROM = "defaults-from";

    private RunDirectory() {
    }

    /**
     * Prepares {@code runDir} for a new run: it must not exist or be empty unless {@code force} (then the previous
     * run's config and checkpoint are replaced) and must not be a file; writes the resolved config.
     */
    static void prepare(TrainConfig config, Path runDir, boolean force, int parameterCount) {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("Run directory " + runDir + " is a file, not a directory; choose"
                    + " another --run-dir");
        }
        if (Files.exists(runDir) && !isEmpty(runDir) && !force) {
            throw new IllegalArgumentException("Run directory " + runDir + " already exists; pass --resume " + runDir
                    + " to continue it or --force to overwrite it");
        }
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(runDir.resolve(Checkpoint.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run directory " + runDir + ": " + e.getMessage(), e);
        }
        write(config, runDir, parameterCount);
    }

    /**
     * The config of the run in {@code runDir} with {@code overrides}, which may change only
     * {@link Trainer#RESUMABLE_KEYS}. Does not write it (the caller does, once the checkpoint has been read).
     */
    static TrainConfig resumed(Path runDir, Map<String, String> overrides) {
        for (String key : overrides.keySet()) {
            if (!Trainer.RESUMABLE_KEYS.contains(key)) {
                throw new InvalidConfigException(key, "Cannot change `" + key + "` when resuming: it would change the"
                        + " run; only " + String.join(", ", Trainer.RESUMABLE_KEYS.stream().sorted().toList())
                        + " may change");
            }
        }
        Path file = runDir.resolve(Trainer.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Cannot resume " + runDir + ": it has no " + Trainer.CONFIG_FILE);
        }
        return TrainConfig.resolve(saved(file), overrides);
    }

    /** The config of the run in {@code runDir}, for evaluation. */
    static TrainConfig read(Path runDir) {
        Path file = runDir.resolve(Trainer.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No run in " + runDir + ": expected " + file);
        }
        return TrainConfig.resolve(saved(file), Map.of());
    }

    /**
     * A run directory's config as it ran. The file holds every key of the resolved config, so a missing key is one
     * added after the run began: rollout-precision, whose default became float32 after evolution-strategy runs had
     * rolled out in float64, reads as float64 there, so that such a run resumes, and evaluates, as it trained; a run
     * without defaults-from began before tuned per-env defaults existed, so none applied to it.
     */
    private static Map<String, Object> saved(Path file) {
        Map<String, Object> m = new LinkedHashMap<>(TrainConfig.readYaml(file));
        m.putIfAbsent(DEFAULTS_FROM, TunedDefaults.NONE);
        if (!m.containsKey(ROLLOUT_PRECISION) && !TrainConfig.isPolicyGradient(String.valueOf(m.get("agent")))) {
            m.put(ROLLOUT_PRECISION, Precision.FLOAT64.key());
        }
        return m;
    }

    /**
     * Writes the resolved config (with every policy hyperparameter as it runs), headed by a comment with the policy's
     * parameter count.
     */
    static void write(TrainConfig config, Path runDir, int parameterCount) {
        Path file = runDir.resolve(Trainer.CONFIG_FILE);
        try {
            Files.writeString(file, String.format("# %s on %s: %,d policy parameters%n", config.policy(), config.env(),
                    parameterCount) + config.toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
