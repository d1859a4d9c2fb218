package org.odetoode.experiments.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.odetoode.agents.Checkpoint;
import org.odetoode.agents.CheckpointFile;
import org.odetoode.agents.PgCheckpoint;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.experiments.supervised.CorruptionEval;
import org.odetoode.supervised.train.SupervisedTrainer;

/**
 * Where a cell stands, read from its run directory alone, so that a rerun and {@code suite status} agree with
 * whatever a killed process left behind:
 *
 * <ul>
 *   <li>{@code result.json} (written when a run ends) says completed, failed or stopped;</li>
 *   <li>without it, a {@code checkpoint.json} whose counters have spent the budget is done (trainers that write no
 *       result file), any other checkpoint is resumed;</li>
 *   <li>a directory with no checkpoint was killed before its first one and starts over.</li>
 * </ul>
 *
 * @param cell the cell's directory name
 * @param state done, running, failed or pending
 * @param iteration completed iterations in the checkpoint (0 without one)
 * @param envSteps training env steps in the checkpoint
 * @param resumable a pending cell with a checkpoint to continue from
 * @param finalEvalReturn the final evaluation's mean return of a done cell (NaN otherwise)
 * @param paramsSha256 SHA-256 of the checkpoint's policy parameters, or null
 * @param message a failed cell's message, or null
 * @param supervised a supervised cell: {@code iteration} counts epochs, {@code finalEvalReturn} is the clean test
 *     accuracy of its evaluation
 */
public record CellState(String cell, State state, long iteration, long envSteps, boolean resumable,
        double finalEvalReturn, String paramsSha256, String message, boolean supervised) {

    /** The file a finished run leaves in its directory. */
    public static final String RESULT_FILE = "result.json";
    /** The result status of a supervised run whose training blew up (its checkpoint is the last good epoch's). */
    public static final String DIVERGED = "diverged";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cell's state. */
    public enum State {
        DONE, RUNNING, FAILED, PENDING;

        /** Lower case, as printed. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The state of the cell in {@code dir} (which need not exist) whose config is {@code config}; {@code running}: a
     * live suite runs it.
     */
    public static CellState at(Path dir, TrainConfig config, boolean running) {
        return running || Files.isRegularFile(dir.resolve(Trainer.CONFIG_FILE)) ? read(dir, config, running)
                : fresh(dir.getFileName().toString(), false);
    }

    private static CellState read(Path dir, TrainConfig config, boolean running) {
        String name = dir.getFileName().toString();
        JsonNode result = readResult(dir);
        Path checkpoint = dir.resolve(Checkpoint.FILE);
        long iteration = 0;
        long envSteps = 0;
        double lastEval = Double.NaN;
        String sha = null;
        if (Files.isRegularFile(checkpoint)) {
            if (config.policyGradient()) {
                PgCheckpoint c = PgCheckpoint.read(dir);
                iteration = c.iteration();
                envSteps = c.envSteps();
                lastEval = c.totals().lastEvalReturn();
                sha = Checkpoint.sha256(c.policyParameters());
            } else {
                Checkpoint c = Checkpoint.read(dir);
                iteration = c.iteration();
                envSteps = c.envSteps();
                lastEval = c.totals().lastEvalReturn();
                sha = Checkpoint.sha256(c.state().parameters());
            }
        }
        boolean hasCheckpoint = sha != null;
        if (running) {
            return new CellState(name, State.RUNNING, iteration, envSteps, hasCheckpoint, Double.NaN, sha, null, false);
        }
        if (result != null) {
            String status = result.path("status").asText("");
            JsonNode r = result.get("final_eval_return");
            double finalEval = r != null && r.isNumber() ? r.asDouble() : Double.NaN;
            if (status.equals("completed")) {
                return new CellState(name, State.DONE, iteration, envSteps, false,
                        Double.isNaN(finalEval) ? lastEval : finalEval, sha, null, false);
            }
            if (status.equals("failed")) {
                // a diverged run's final evaluation is its last good checkpoint's (what the report scores)
                return new CellState(name, State.FAILED, iteration, envSteps, false, finalEval, sha,
                        result.path("message").asText(""), false);
            }
        }
        // No result.json: the run never ended (killed, even during its final evaluation after a checkpoint that spent
        // the budget); resuming it runs what is left, at least the final evaluation, and writes the result.
        return new CellState(name, State.PENDING, iteration, envSteps, hasCheckpoint, Double.NaN, sha, null, false);
    }

    private static CellState fresh(String cell, boolean supervised) {
        return new CellState(cell, State.PENDING, 0, 0, false, Double.NaN, null, null, supervised);
    }

    /**
     * The state of the supervised cell in {@code dir} (which need not exist), a {@code supervised train} run followed
     * by its evaluation ({@value CorruptionEval#FILE}): done once both are in; failed when training diverged or could
     * not start (a diverged cell that had a good epoch is evaluated on it, as the report scores it); otherwise
     * pending, resumable from its checkpoint (a trained but unevaluated cell resumes straight to its evaluation).
     */
    public static CellState atSupervised(Path dir, boolean running) {
        String name = dir.getFileName().toString();
        if (!running && !Files.isRegularFile(dir.resolve(SupervisedTrainer.CONFIG_FILE))) {
            return fresh(name, true);
        }
        long epoch = 0;
        String sha = null;
        Path checkpoint = dir.resolve(CheckpointFile.NAME);
        if (Files.isRegularFile(checkpoint)) {
            try {
                JsonNode c = JSON.readTree(checkpoint.toFile());
                epoch = c.path("epoch").asLong();
                sha = Checkpoint.sha256(CheckpointFile.array(c, "theta"));
            } catch (IOException | RuntimeException torn) {
                sha = null; // a torn checkpoint: the cell starts over
            }
        }
        boolean hasCheckpoint = sha != null;
        if (running) {
            return new CellState(name, State.RUNNING, epoch, 0, hasCheckpoint, Double.NaN, sha, null, true);
        }
        JsonNode result = readResult(dir);
        String status = result == null ? "" : result.path("status").asText("");
        CorruptionEval.Result eval = CorruptionEval.read(dir);
        double clean = eval == null ? Double.NaN : eval.clean();
        if (status.equals("completed") && eval != null) {
            return new CellState(name, State.DONE, epoch, 0, false, clean, sha, null, true);
        }
        if (status.equals(DIVERGED) || status.equals("failed")) {
            String message = result.path("message").asText(status.equals(DIVERGED) ? "training diverged" : "");
            return new CellState(name, State.FAILED, epoch, 0, false, clean, sha, message, true);
        }
        return new CellState(name, State.PENDING, epoch, 0, hasCheckpoint, Double.NaN, sha, null, true);
    }

    /**
     * Records that the run in {@code dir} failed with {@code message}, with the keys of the result file a trainer
     * writes ({@code status}, {@code message}), unless the trainer already wrote its own: a failed one is kept, a
     * supervised run's diverged one is kept with {@code message} added.
     */
    public static void recordFailure(Path dir, String message) {
        JsonNode existing = readResult(dir);
        String status = existing == null ? "" : existing.path("status").asText();
        if (status.equals("failed") || status.equals(DIVERGED) && existing.has("message")) {
            return;
        }
        Path file = dir.resolve(RESULT_FILE);
        ObjectNode root = status.equals(DIVERGED) ? (ObjectNode) existing : JSON.createObjectNode();
        root.put("status", status.equals(DIVERGED) ? DIVERGED : "failed");
        root.put("message", message);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(RESULT_FILE + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON fields of this state, as {@code suite status --json} and {@code suite run --json} print them. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", cell);
        m.put("status", state.key());
        Double score = Double.isFinite(finalEvalReturn) ? finalEvalReturn : null;
        if (supervised) {
            m.put("epoch", iteration);
            m.put("clean_accuracy", score);
        } else {
            m.put("iteration", iteration);
            m.put("env_steps", envSteps);
            m.put("final_eval_return", score);
        }
        m.put("params_sha256", paramsSha256);
        if (message != null) {
            m.put("message", message);
        }
        return m;
    }

    private static JsonNode readResult(Path dir) {
        Path file = dir.resolve(RESULT_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null; // a torn or foreign file: judge the cell by its checkpoint
        }
    }
}
