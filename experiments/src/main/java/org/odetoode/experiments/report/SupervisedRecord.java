package org.odetoode.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.odetoode.agents.CheckpointFile;
import org.odetoode.agents.TrainConfig;
import org.odetoode.experiments.supervised.CorruptionEval;
import org.odetoode.supervised.train.SupervisedTrainer;

/**
 * One supervised run directory as the report sees it: its config, how training ended ({@code result.json}), its
 * evaluation on the clean and corrupted test sets ({@code eval.json}) and its per-epoch history from the tracker.
 *
 * @param dir the run directory
 * @param name the directory name (a suite cell's {@code DATASET__LABEL__seedN})
 * @param dataset the dataset's name
 * @param label the policy label the report groups by
 * @param policy the classifier's block
 * @param group restricted, unrestricted or baseline
 * @param seed the run seed
 * @param status completed, stopped, diverged, failed or incomplete
 * @param message why a run is not scored, or how it ended (empty when completed and evaluated)
 * @param epochs epochs trained
 * @param wallSeconds training wall time (NaN if unknown)
 * @param parameterCount the classifier's parameters (-1 without a checkpoint)
 * @param clean the clean test accuracy of the evaluation (NaN without one)
 * @param corrupted accuracy per corruption id (empty without an evaluation)
 * @param history one row per epoch, in order
 */
public record SupervisedRecord(Path dir, String name, String dataset, String label, String policy,
        RunRecord.Group group, long seed, String status, String message, int epochs, double wallSeconds,
        long parameterCount, double clean, Map<String, Double> corrupted, List<Epoch> history) {
    /** The status of a run whose training blew up; its checkpoint (if any) is the last good epoch's. */
    public static final String DIVERGED = "diverged";
    private static final String GRADIENT_NORM = "gradients/norm/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One epoch as the trainer logged it.
     *
     * @param gradientNorms per parameter block, the mean over the epoch's minibatches of the gradient's norm
     * @param drift the orthogonality drift max_k ||W_k^T W_k - I||_F of an ODE block at the epoch's end (NaN if none)
     */
    public record Epoch(long epoch, double trainLoss, double trainAccuracy, double testAccuracy, double drift,
            Map<String, Double> gradientNorms) {
    }

    /** Whether a run directory holds a supervised run: its config names a dataset, not an env. */
    public static boolean isSupervised(Path dir) {
        try {
            Map<String, Object> config = TrainConfig.readYaml(dir.resolve(SupervisedTrainer.CONFIG_FILE));
            return config.containsKey("dataset") && !config.containsKey("env");
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Whether the run enters the statistics: it has an evaluation and completed, or diverged after a good epoch (scored
     * on that epoch's checkpoint, as a diverged RL run is on its last good one).
     */
    public boolean scored() {
        return Double.isFinite(clean) && (RunRecord.COMPLETED.equals(status) || DIVERGED.equals(status));
    }

    /** Whether the run is scored although its training diverged. */
    public boolean diverged() {
        return DIVERGED.equals(status) && scored();
    }

    /** The mean accuracy over the corruptions (NaN without any). */
    public double meanCorrupted() {
        return corrupted.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Reads a supervised run directory; one that cannot be read is still a cell, failed, with the reason. */
    public static SupervisedRecord read(Path dir) {
        String name = dir.getFileName().toString();
        Map<String, Object> config;
        try {
            config = TrainConfig.readYaml(dir.resolve(SupervisedTrainer.CONFIG_FILE));
        } catch (RuntimeException e) {
            return new SupervisedRecord(dir, name, "?", "?", "?", RunRecord.Group.BASELINE, 0, RunRecord.FAILED,
                    "config.yaml unreadable: " + e.getMessage(), 0, Double.NaN, -1, Double.NaN, Map.of(), List.of());
        }
        String dataset = String.valueOf(config.getOrDefault("dataset", "?"));
        String policy = String.valueOf(config.getOrDefault("policy", "?"));
        long seed = Long.parseLong(String.valueOf(config.getOrDefault("seed", "0")));
        String label = RunReader.label(dir, dataset, policy, config.get("policy-options"));
        JsonNode result = readJson(dir.resolve(SupervisedTrainer.RESULT_FILE));
        CorruptionEval.Result eval = CorruptionEval.read(dir);
        String status = result == null ? "incomplete" : result.path("status").asText(RunRecord.FAILED);
        String message;
        if (result == null) {
            message = "no result.json: still running, or killed; resume it to complete";
        } else if (eval == null && (status.equals(RunRecord.COMPLETED) || status.equals(DIVERGED))) {
            message = (status.equals(DIVERGED) ? "diverged before a good epoch" : "not evaluated")
                    + (status.equals(DIVERGED) && !Files.isRegularFile(dir.resolve(CheckpointFile.NAME)) ? ""
                            : "; run `odetoode supervised eval --run " + dir + " --corruptions all`");
        } else if (status.equals(DIVERGED)) {
            message = "diverged after epoch " + result.path("epochs").asInt() + "; scored on that epoch's checkpoint";
        } else {
            message = result.path("message").asText(status.equals(RunRecord.COMPLETED) ? "" : status);
        }
        List<Epoch> history = new ArrayList<>();
        RunReader.mergedHistory(RunReader.trackerRuns(dir)).forEach((step, v) -> history.add(epoch(step, v)));
        return new SupervisedRecord(dir, name, dataset, label, policy, RunRecord.Group.of(policy), seed, status,
                message, result == null ? 0 : result.path("epochs").asInt(),
                result != null && result.path("wall_seconds").isNumber() ? result.get("wall_seconds").asDouble()
                        : Double.NaN, parameterCount(dir), eval == null ? Double.NaN : eval.clean(),
                eval == null ? Map.of() : eval.corrupted(), history);
    }

    private static Epoch epoch(long step, Map<String, Double> v) {
        Map<String, Double> norms = new TreeMap<>();
        v.forEach((k, x) -> {
            if (k.startsWith(GRADIENT_NORM)) {
                norms.put(k.substring(GRADIENT_NORM.length()), x);
            }
        });
        return new Epoch(step, v.getOrDefault("train/loss", Double.NaN), v.getOrDefault("train/accuracy", Double.NaN),
                v.getOrDefault("test/accuracy", Double.NaN), v.getOrDefault("diagnostics/orthogonality_drift",
                        Double.NaN), new LinkedHashMap<>(norms));
    }

    /** The length of the checkpoint's parameter vector; -1 without a readable one. */
    private static long parameterCount(Path dir) {
        JsonNode checkpoint = readJson(dir.resolve(CheckpointFile.NAME));
        if (checkpoint == null) {
            return -1;
        }
        try {
            return CheckpointFile.array(checkpoint, "theta").length;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
