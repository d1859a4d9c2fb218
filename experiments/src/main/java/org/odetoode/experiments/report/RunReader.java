package org.odetoode.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.odetoode.agents.Checkpoint;
import org.odetoode.agents.PgCheckpoint;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.experiments.report.RunRecord.Group;

/**
 * Finds run directories (folders holding {@code config.yaml}) under the given paths and reads each into a
 * {@link RunRecord}: {@code result.json} when the run wrote one, else the tracker's {@code wandb-summary.json} and
 * {@code run.json} with {@code config.yaml}. The histories of every {@code wandb/offline-run-*} folder (a resumed run
 * has several) are merged by step, the later folder winning key by key.
 */
public final class RunReader {
    /** The file a finished run writes with its outcome. */
    public static final String RESULT_FILE = "result.json";
    /** A suite's cell folder: {@code <env>__<label>__seed<N>}. */
    private static final Pattern SUITE_CELL = Pattern.compile("^(.+?)__(.+)__seed(-?\\d+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReader() {
    }

    /**
     * The run directories at or under {@code roots}, sorted; a run directory's own subfolders are not searched.
     *
     * @throws IllegalArgumentException when a root does not exist
     */
    public static List<Path> find(List<Path> roots) {
        TreeSet<Path> found = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException("DIR " + root + " is not a directory; give a run directory (one"
                        + " holding " + Trainer.CONFIG_FILE + ") or a folder that contains run directories");
            }
            collect(root.toAbsolutePath().normalize(), found);
        }
        return new ArrayList<>(found);
    }

    private static void collect(Path dir, TreeSet<Path> found) {
        if (Files.isRegularFile(dir.resolve(Trainer.CONFIG_FILE))) {
            found.add(dir);
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                collect(child, found);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads one run directory. A run that cannot be read is still a cell, with status failed and the reason. */
    public static RunRecord read(Path dir) {
        Map<String, Object> config;
        try {
            config = TrainConfig.readYaml(dir.resolve(Trainer.CONFIG_FILE));
        } catch (RuntimeException e) {
            return unreadable(dir, "config.yaml unreadable: " + e.getMessage());
        }
        String env = string(config, "env", "?");
        String policy = string(config, "policy", "?");
        String agent = string(config, "agent", "?");
        long seed = Long.parseLong(string(config, "seed", "0"));
        String label = label(dir, env, policy, config.get("policy-options"));
        List<Path> runs = trackerRuns(dir);
        TreeMap<Long, Map<String, Double>> merged = mergedHistory(runs);
        List<RunRecord.HistoryRow> history = merged.entrySet().stream().map(e -> row(e.getKey(), e.getValue()))
                .toList();
        Path result = dir.resolve(RESULT_FILE);
        if (Files.isRegularFile(result)) {
            JsonNode r;
            try {
                r = JSON.readTree(result.toFile());
            } catch (IOException e) {
                return new RunRecord(dir, dir.getFileName().toString(), env, label, policy, Group.of(policy), agent,
                        seed, "failed", RESULT_FILE + " unreadable: " + e.getMessage(), 0, 0, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, 0, -1, RESULT_FILE, history);
            }
            return new RunRecord(dir, dir.getFileName().toString(), env, label, policy, Group.of(policy), agent, seed,
                    text(r, "status", "failed"), text(r, "message", ""), r.path("iterations").asLong(),
                    r.path("env_steps").asLong(), number(r, "wall_seconds"), number(r, "final_eval_return"),
                    number(r, "final_eval_std"), number(r, "best_eval_return"),
                    r.path("infeasible_candidates").asLong(), r.path("parameter_count").asLong(-1), RESULT_FILE,
                    history);
        }
        return fromTracker(dir, env, label, policy, agent, seed, runs, history);
    }

    /** Without result.json: the tracker's summary and exit code, and the checkpoint's parameter count. */
    private static RunRecord fromTracker(Path dir, String env, String label, String policy, String agent, long seed,
            List<Path> runs, List<RunRecord.HistoryRow> history) {
        JsonNode summary = runs.isEmpty() ? JSON.missingNode() : readJson(runs.get(runs.size() - 1)
                .resolve("wandb-summary.json"));
        JsonNode run = runs.isEmpty() ? JSON.missingNode() : readJson(runs.get(runs.size() - 1).resolve("run.json"));
        double finalReturn = number(summary, "eval/final_return_mean");
        JsonNode exit = run.path("exitCode");
        String status;
        String message = "";
        if (runs.isEmpty()) {
            status = "incomplete";
            message = "no " + RESULT_FILE + " and no tracker run (wandb/offline-run-*)";
        } else if (exit.isNumber() && exit.asInt() == 0 && Double.isFinite(finalReturn)) {
            status = RunRecord.COMPLETED;
        } else if (exit.isNumber() && exit.asInt() == 130) {
            status = "stopped";
            message = "stopped before its budget (exit code 130); resume it to complete";
        } else if (exit.isNumber()) {
            status = "failed";
            message = "exit code " + exit.asInt() + (Double.isFinite(finalReturn) ? "" : ", no final evaluation");
        } else {
            status = "incomplete";
            message = "still running or killed: the tracker run has no exit code";
        }
        double best = Double.NaN;
        long infeasible = 0;
        for (RunRecord.HistoryRow h : history) {
            if (Double.isFinite(h.evalReturn()) && !(h.evalReturn() <= best)) {
                best = h.evalReturn();
            }
            infeasible += Double.isFinite(h.infeasible()) ? (long) h.infeasible() : 0;
        }
        RunRecord.HistoryRow last = history.isEmpty() ? null : history.get(history.size() - 1);
        return new RunRecord(dir, dir.getFileName().toString(), env, label, policy, Group.of(policy), agent, seed,
                status, message, last == null ? 0 : last.step(),
                last == null || !Double.isFinite(last.envSteps()) ? 0 : (long) last.envSteps(),
                number(summary, "charts/wall_seconds"), finalReturn, number(summary, "eval/final_return_std"), best,
                infeasible, parameterCount(dir, agent), "wandb-summary.json", history);
    }

    private static RunRecord unreadable(Path dir, String why) {
        return new RunRecord(dir, dir.getFileName().toString(), "?", "?", "?", Group.BASELINE, "?", 0, "failed", why,
                0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, -1, Trainer.CONFIG_FILE, List.of());
    }

    /** The suite cell's label part of the folder name, else the policy with its options (seed aside). */
    static String label(Path dir, String env, String policy, Object options) {
        Matcher m = SUITE_CELL.matcher(dir.getFileName().toString());
        if (m.matches() && m.group(1).equals(env)) {
            return m.group(2);
        }
        if (options instanceof Map<?, ?> map && !map.isEmpty()) {
            String opts = new TreeMap<>(map).entrySet().stream().filter(e -> !"seed".equals(String.valueOf(e.getKey())))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return opts.isEmpty() ? policy : policy + "(" + opts + ")";
        }
        return policy;
    }

    /** The policy's parameter count from the checkpoint (its parameter vector's length); -1 without one. */
    private static long parameterCount(Path dir, String agent) {
        if (!Files.isRegularFile(dir.resolve(Checkpoint.FILE))) {
            return -1;
        }
        try {
            return TrainConfig.isPolicyGradient(agent) ? PgCheckpoint.read(dir).policyParameterCount()
                    : Checkpoint.read(dir).state().parameters().length;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The tracker runs of a run directory, oldest first (their names start with the start time). */
    static List<Path> trackerRuns(Path dir) {
        Path wandb = dir.resolve("wandb");
        if (!Files.isDirectory(wandb)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(wandb)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("offline-run-"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + wandb + ": " + e.getMessage(), e);
        }
    }

    /** Every history row of every run by step; a later row overwrites the keys it sets. */
    static TreeMap<Long, Map<String, Double>> mergedHistory(List<Path> runs) {
        TreeMap<Long, Map<String, Double>> rows = new TreeMap<>();
        for (Path run : runs) {
            Path file = run.resolve("wandb-history.jsonl");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row;
                    try {
                        row = JSON.readTree(line);
                    } catch (IOException torn) {
                        continue; // a line cut short by a kill: the rows before it stand
                    }
                    if (!row.path("_step").isNumber()) {
                        continue;
                    }
                    Map<String, Double> values = rows.computeIfAbsent(row.get("_step").asLong(),
                            k -> new LinkedHashMap<>());
                    row.fields().forEachRemaining(e -> {
                        if (e.getValue().isNumber()) {
                            values.put(e.getKey(), e.getValue().asDouble());
                        }
                    });
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static RunRecord.HistoryRow row(long step, Map<String, Double> v) {
        return new RunRecord.HistoryRow(step, v.getOrDefault("charts/env_steps", Double.NaN),
                v.getOrDefault("eval/return_mean", Double.NaN), v.getOrDefault("charts/return_mean", Double.NaN),
                v.getOrDefault("charts/infeasible_candidates", Double.NaN),
                v.getOrDefault("diagnostics/orthogonality_drift", Double.NaN));
    }

    private static JsonNode readJson(Path file) {
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.missingNode();
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.path(key);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static String text(JsonNode n, String key, String otherwise) {
        JsonNode v = n.path(key);
        return v.isTextual() ? v.asText() : otherwise;
    }

    private static String string(Map<String, Object> config, String key, String otherwise) {
        Object v = config.get(key);
        return v == null ? otherwise : v.toString();
    }
}
