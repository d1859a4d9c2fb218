package org.odetoode.experiments.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.agents.InvalidConfigException;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.Trainer;
import org.odetoode.envs.Env;
import org.odetoode.envs.Envs;
import org.odetoode.envs.mujoco.MujocoUnavailableException;
import org.odetoode.experiments.suite.Yaml.Entry;
import org.odetoode.experiments.suite.Yaml.Mapping;
import org.odetoode.experiments.suite.Yaml.Node;
import org.odetoode.experiments.suite.Yaml.Scalar;
import org.odetoode.experiments.suite.Yaml.Sequence;
import org.odetoode.modules.Names;
import org.odetoode.modules.policy.Policies;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;

/**
 * Reads a suite file and expands its matrix, checking everything a cell needs before any cell runs:
 *
 * <pre>
 * name: classic                       # output folder and tracker group
 * description: ...                    # optional
 * agent: es                           # default agent; an env or policy entry may override it
 * budget: {iterations: 200}           # or {env-steps: 5000000}; an env or policy entry may override it
 * envs: [CartPole-v1, {env: Pendulum-v1, budget: {iterations: 300}, set: {...}}]
 * policies: [odetoode, {policy: odetoode, label: odetoode-gated, set: {policy-options: {flow: gated}}}]
 * seeds: [0, 1, 2]
 * set: {sigma: 0.1}                   # config keys for every cell
 * tune: {...}                         # read by `suite tune` only (see SuiteTuner)
 * </pre>
 *
 * Config keys are layered: agent defaults, the top-level {@code set}, the env entry's, the policy entry's, then the
 * budget (the most specific one). Every error is one line naming the file, the line and the key.
 *
 * <p>A suite with {@code datasets:} instead of {@code envs:} is supervised: each cell is a {@code supervised train}
 * run followed by {@code supervised eval --corruptions all}, its keys those of {@code supervised train --set}:
 *
 * <pre>
 * name: mnistc
 * budget: {epochs: 5}                 # a dataset or policy entry may override it
 * datasets: [fashion-mnist, {dataset: mnist, set: {batch-size: 64}}]
 * policies: [odetoode, odetoode-unrestricted, {policy: mlp, set: {policy-options: {hidden: 64}}}]
 * seeds: [0, 1, 2]
 * set: {learning-rate: 0.001}         # `data: DIR` reads an IDX folder instead of the installed dataset
 * </pre>
 *
 * A dataset entry without {@code data} is looked up where {@code supervised train} finds it, and the folder found is
 * recorded in each cell's config.
 */
public final class SuiteFile {
    private static final List<String> TOP_KEYS = List.of("name", "description", "agent", "budget", "envs", "policies",
            "seeds", "set", "tune");
    private static final List<String> SUPERVISED_TOP_KEYS = List.of("name", "description", "budget", "datasets",
            "policies", "seeds", "set");
    private static final List<String> DATASET_KEYS = List.of("dataset", "budget", "set");
    private static final List<String> SUPERVISED_POLICY_KEYS = List.of("policy", "label", "budget", "set");
    private static final List<String> SUPERVISED_BUDGET_KEYS = List.of("epochs");
    /** Supervised config keys a suite sets through its own structure. */
    static final Map<String, String> SUPERVISED_STRUCTURAL = Map.of("dataset", "datasets", "policy", "policies",
            "seed", "seeds", "epochs", "budget", "threads", "--threads");
    private static final String POLICY_OPTIONS = "policy-options";
    /** The pixels of the datasets' 28x28 images, for the parameter count a dry run shows. */
    private static final int PIXELS = 28 * 28;
    private static final List<String> ENV_KEYS = List.of("env", "agent", "budget", "set");
    private static final List<String> POLICY_KEYS = List.of("policy", "label", "agent", "budget", "set");
    private static final List<String> BUDGET_KEYS = List.of("iterations", "env-steps");
    /** Config keys a suite sets through its own structure, never through {@code set}. */
    static final Map<String, String> STRUCTURAL = Map.of("env", "envs", "policy", "policies", "agent", "agent",
            "seed", "seeds", "iterations", "budget", "max-env-steps", "budget", "threads", "--threads");
    private static final String SAFE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private final String file;
    /** Whether the file being read is a supervised suite (it has {@code datasets:}). */
    private boolean supervised;

    private SuiteFile(String file) {
        this.file = file;
    }

    /**
     * Reads and expands {@code path}.
     *
     * @throws SuiteFileException for anything wrong in the file, with its line
     * @throws IllegalArgumentException when the file cannot be read
     */
    public static Suite read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Suite file " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read suite file " + path + ": " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    /** Parses and expands suite {@code text}; {@code file} names it in messages. */
    public static Suite parse(String text, String file) {
        return new SuiteFile(file).expand(Yaml.parse(text, file));
    }

    /** A config override with where it was written. */
    private record Setting(String key, String value, String path, int line) {
    }

    /** An env or policy entry: its name, its line, and what it overrides. */
    private record AxisEntry(String name, String label, int line, String path, Setting agent, List<Setting> budget,
            List<Setting> set) {
    }

    private Suite expand(Node root) {
        if (root instanceof Mapping m && m.entries().containsKey("datasets")) {
            return expandSupervised(m);
        }
        Mapping top = mapping(root, "the suite file", withDatasets(TOP_KEYS));
        String name = safeName(require(top, "name", "the suite file"), "name");
        String description = top.entries().containsKey("description")
                ? text(top.entries().get("description").value(), "description") : "";
        Setting agent = top.entries().containsKey("agent") ? agent(top.entries().get("agent"), "agent") : null;
        List<Setting> budget = top.entries().containsKey("budget") ? budget(top.entries().get("budget"), "budget")
                : List.of();
        List<Setting> set = top.entries().containsKey("set") ? set(top.entries().get("set"), "set") : List.of();
        List<AxisEntry> envs = new ArrayList<>();
        List<Node> envItems = axis(top, "envs");
        for (int i = 0; i < envItems.size(); i++) {
            envs.add(entry(envItems.get(i), "envs[" + i + "]", "env", ENV_KEYS));
        }
        List<AxisEntry> policies = new ArrayList<>();
        List<Node> policyItems = axis(top, "policies");
        for (int i = 0; i < policyItems.size(); i++) {
            policies.add(entry(policyItems.get(i), "policies[" + i + "]", "policy", POLICY_KEYS));
        }
        List<Node> seedItems = axis(top, "seeds");

        for (AxisEntry env : envs) {
            try {
                Envs.spec(env.name());
            } catch (IllegalArgumentException e) {
                throw new SuiteFileException(file, env.line(), env.path(), e.getMessage());
            }
        }
        List<Cell> cells = new ArrayList<>();
        Map<String, int[]> first = new HashMap<>();
        Map<String, Integer> parameterCounts = new HashMap<>();
        for (int e = 0; e < envs.size(); e++) {
            AxisEntry env = envs.get(e);
            for (int p = 0; p < policies.size(); p++) {
                AxisEntry policy = policies.get(p);
                for (int s = 0; s < seedItems.size(); s++) {
                    Node seedNode = seedItems.get(s);
                    long seed = integer(seedNode, "seeds[" + s + "]");
                    String cellName = Cell.name(env.name(), policy.label(), seed);
                    checkUnique(first, cellName, new int[] {e, p, s}, envs, policies, seedNode);
                    List<Setting> layers = new ArrayList<>();
                    layers.add(new Setting("env", env.name(), env.path(), env.line()));
                    layers.add(new Setting("policy", policy.name(), policy.path(), policy.line()));
                    layers.add(new Setting("seed", Long.toString(seed), "seeds[" + s + "]", seedNode.line()));
                    Setting chosenAgent = policy.agent() != null ? policy.agent()
                            : env.agent() != null ? env.agent() : agent;
                    if (chosenAgent != null) {
                        layers.add(chosenAgent);
                    }
                    layers.addAll(set);
                    layers.addAll(env.set());
                    layers.addAll(policy.set());
                    layers.addAll(!policy.budget().isEmpty() ? policy.budget()
                            : !env.budget().isEmpty() ? env.budget() : budget);
                    TrainConfig config = resolve(layers, policy);
                    Integer parameters = parameterCounts.get(env.name() + "/" + policy.label());
                    if (parameters == null) {
                        parameters = parameterCount(config, env, policy);
                        parameterCounts.put(env.name() + "/" + policy.label(), parameters);
                    }
                    cells.add(new Cell(cellName, env.name(), policy.label(), seed, parameters, config));
                }
            }
        }
        return new Suite(name, description, cells);
    }

    /** The RL keys and {@code datasets}, so that a misspelt {@code datasets:} is named with its fix. */
    private static List<String> withDatasets(List<String> keys) {
        List<String> all = new ArrayList<>(keys);
        all.add("datasets");
        return all;
    }

    /** A supervised suite: datasets x policies x seeds, each cell a supervised config. */
    private Suite expandSupervised(Mapping root) {
        supervised = true;
        if (root.entries().containsKey("envs")) {
            Entry envs = root.entries().get("envs");
            throw new SuiteFileException(file, envs.line(), "envs", "a suite has envs: (RL runs) or datasets:"
                    + " (supervised runs), not both; split it into two suite files");
        }
        Mapping top = mapping(root, "the suite file", SUPERVISED_TOP_KEYS);
        String name = safeName(require(top, "name", "the suite file"), "name");
        String description = top.entries().containsKey("description")
                ? text(top.entries().get("description").value(), "description") : "";
        List<Setting> budget = top.entries().containsKey("budget") ? budget(top.entries().get("budget"), "budget")
                : List.of();
        List<Setting> set = top.entries().containsKey("set") ? set(top.entries().get("set"), "set") : List.of();
        List<AxisEntry> datasets = new ArrayList<>();
        List<Node> datasetItems = axis(top, "datasets");
        for (int i = 0; i < datasetItems.size(); i++) {
            AxisEntry d = entry(datasetItems.get(i), "datasets[" + i + "]", "dataset", DATASET_KEYS);
            if (!DatasetLocator.NAMES.contains(d.name())) {
                throw new SuiteFileException(file, d.line(), d.path(), "Unknown dataset `" + d.name() + "`. "
                        + Names.suggestion(d.name(), DatasetLocator.NAMES) + "Known: "
                        + String.join(", ", DatasetLocator.NAMES) + " (a `set: {data: DIR}` reads any IDX folder)");
            }
            datasets.add(d);
        }
        List<AxisEntry> policies = new ArrayList<>();
        List<Node> policyItems = axis(top, "policies");
        for (int i = 0; i < policyItems.size(); i++) {
            AxisEntry p = entry(policyItems.get(i), "policies[" + i + "]", "policy", SUPERVISED_POLICY_KEYS);
            if (!Policies.NAMES.contains(p.name())) {
                throw new SuiteFileException(file, p.line(), p.path(), "Unknown policy `" + p.name() + "`. "
                        + Names.suggestion(p.name(), Policies.NAMES) + "Known: " + String.join(", ", Policies.NAMES));
            }
            policies.add(p);
        }
        List<Node> seedItems = axis(top, "seeds");
        Map<String, String> located = new HashMap<>();
        Map<String, Integer> parameterCounts = new HashMap<>();
        List<Cell> cells = new ArrayList<>();
        Map<String, int[]> first = new HashMap<>();
        for (int d = 0; d < datasets.size(); d++) {
            AxisEntry dataset = datasets.get(d);
            for (int p = 0; p < policies.size(); p++) {
                AxisEntry policy = policies.get(p);
                for (int s = 0; s < seedItems.size(); s++) {
                    Node seedNode = seedItems.get(s);
                    long seed = integer(seedNode, "seeds[" + s + "]");
                    String cellName = Cell.name(dataset.name(), policy.label(), seed);
                    checkUnique(first, cellName, new int[] {d, p, s}, datasets, policies, seedNode);
                    List<Setting> layers = new ArrayList<>();
                    layers.add(new Setting("dataset", dataset.name(), dataset.path(), dataset.line()));
                    layers.add(new Setting("policy", policy.name(), policy.path(), policy.line()));
                    layers.add(new Setting("seed", Long.toString(seed), "seeds[" + s + "]", seedNode.line()));
                    layers.addAll(set);
                    layers.addAll(dataset.set());
                    layers.addAll(policy.set());
                    layers.addAll(!policy.budget().isEmpty() ? policy.budget()
                            : !dataset.budget().isEmpty() ? dataset.budget() : budget);
                    if (layers.stream().noneMatch(l -> l.key().equals("data"))) {
                        String folder = located.computeIfAbsent(dataset.name(), k -> locate(dataset));
                        layers.add(new Setting("data", folder, dataset.path(), dataset.line()));
                    }
                    SupervisedConfig config = resolveSupervised(layers, policy);
                    Integer parameters = parameterCounts.computeIfAbsent(policy.label(),
                            k -> supervisedParameterCount(config, policy));
                    cells.add(Cell.supervised(cellName, dataset.name(), policy.label(), seed, parameters, config));
                }
            }
        }
        return new Suite(name, description, cells);
    }

    /** Where the installed dataset is read from; not installed is a mistake in the file's line, with the fix. */
    private String locate(AxisEntry dataset) {
        try {
            return DatasetLocator.locate(dataset.name()).toString();
        } catch (IllegalArgumentException e) {
            throw new SuiteFileException(file, dataset.line(), dataset.path(), e.getMessage());
        }
    }

    /** The supervised config of one cell; a bad value is reported at the line that set its key. */
    private SupervisedConfig resolveSupervised(List<Setting> layers, AxisEntry policy) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting s : layers) {
            values.put(s.key(), s.value());
        }
        try {
            return SupervisedConfig.resolve(values);
        } catch (IllegalArgumentException e) {
            Setting culprit = null;
            for (Setting s : layers) {
                if (!s.key().equals("policy") && e.getMessage().contains(s.key())) {
                    culprit = s;
                }
            }
            Setting at = culprit != null ? culprit : new Setting("policy", policy.name(), policy.path(), policy.line());
            throw new SuiteFileException(file, at.line(), at.path(), e.getMessage());
        }
    }

    /** The classifier's parameter count (the same for every seed and dataset of 28x28 images). */
    private int supervisedParameterCount(SupervisedConfig config, AxisEntry policy) {
        try {
            return SupervisedTrainer.parameterCount(config, PIXELS);
        } catch (ArithmeticException diverged) {
            return Cell.UNKNOWN;
        } catch (IllegalArgumentException e) {
            throw new SuiteFileException(file, policy.line(), policy.path(), e.getMessage());
        }
    }

    /** A cell name that the matrix produced before is a repeat: reported at the entry that repeats. */
    private void checkUnique(Map<String, int[]> first, String cellName, int[] at, List<AxisEntry> rows,
            List<AxisEntry> policies, Node seedNode) {
        int[] before = first.putIfAbsent(cellName, at);
        if (before == null) {
            return;
        }
        int e = at[0];
        int p = at[1];
        int s = at[2];
        // the entry that differs from the first occurrence is the repeat
        int line = before[2] != s ? seedNode.line() : before[1] != p ? policies.get(p).line() : rows.get(e).line();
        throw new SuiteFileException(file, line, cellName, "duplicate cell: " + rows.get(e).path() + " × "
                + policies.get(p).path() + " × seeds[" + s + "] repeats " + rows.get(before[0]).path() + " × "
                + policies.get(before[1]).path() + " × seeds[" + before[2] + "]; give one of the"
                + " policy entries its own `label:` or drop the repeat");
    }

    /** The config of one cell; a bad key is reported at the line that set it. */
    private TrainConfig resolve(List<Setting> layers, AxisEntry policy) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Setting s : layers) {
            overrides.put(s.key(), s.value());
        }
        try {
            return TrainConfig.resolve(Map.of(), overrides);
        } catch (InvalidConfigException e) {
            Setting culprit = null;
            for (Setting s : layers) {
                if (s.key().equals(e.key()) || s.key().startsWith(e.key() + ".")) {
                    culprit = s;
                }
            }
            if (culprit == null) {
                throw new SuiteFileException(file, policy.line(), policy.path(), e.getMessage());
            }
            throw new SuiteFileException(file, culprit.line(), culprit.path(), e.getMessage());
        }
    }

    /**
     * Builds the policy for the env, as {@code train} does before it touches the disk, and counts its parameters (the
     * same for every seed); {@link Cell#UNKNOWN} when the flow blows up at its initial parameters, which is a result
     * (the cell will fail with the message), not a mistake in the file.
     */
    private int parameterCount(TrainConfig config, AxisEntry envEntry, AxisEntry policy) {
        try {
            return parameterCount(config);
        } catch (MujocoUnavailableException e) {
            throw new SuiteFileException(file, envEntry.line(), envEntry.path(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new SuiteFileException(file, policy.line(), policy.path(), e.getMessage() + " (env " + config.env()
                    + ")");
        }
    }

    /** The policy's parameter count for the config's env, or {@link Cell#UNKNOWN} when its flow blows up. */
    static int parameterCount(TrainConfig config) {
        try (Env env = Trainer.makeEnv(config)) {
            return Trainer.rolloutPolicy(config, env).network().parameters().length;
        } catch (ArithmeticException diverged) {
            return Cell.UNKNOWN;
        }
    }

    private AxisEntry entry(Node node, String path, String nameKey, List<String> keys) {
        if (node instanceof Scalar) {
            String name = text(node, path);
            return new AxisEntry(name, safeName(name, node, path), node.line(), path, null, List.of(), List.of());
        }
        Mapping m = mapping(node, path, keys);
        Entry nameEntry = require(m, nameKey, path);
        String name = text(nameEntry.value(), path + "." + nameKey);
        String label = name;
        if (m.entries().containsKey("label")) {
            Entry l = m.entries().get("label");
            label = safeName(text(l.value(), path + ".label"), l.value(), path + ".label");
        } else {
            safeName(name, nameEntry.value(), path + "." + nameKey);
        }
        Setting agent = m.entries().containsKey("agent") ? agent(m.entries().get("agent"), path + ".agent") : null;
        List<Setting> budget = m.entries().containsKey("budget")
                ? budget(m.entries().get("budget"), path + ".budget") : List.of();
        List<Setting> set = m.entries().containsKey("set") ? set(m.entries().get("set"), path + ".set") : List.of();
        return new AxisEntry(name, label, nameEntry.line(), path, agent, budget, set);
    }

    private Setting agent(Entry e, String path) {
        String value = text(e.value(), path);
        if (!TrainConfig.AGENTS.contains(value)) {
            throw new SuiteFileException(file, e.line(), path, "Unknown agent `" + value + "`. "
                    + Names.suggestion(value, TrainConfig.AGENTS) + "Known: " + String.join(", ", TrainConfig.AGENTS));
        }
        return new Setting("agent", value, path, e.line());
    }

    /**
     * {iterations: N} or {env-steps: N}, as the config's iterations and max-env-steps; in a supervised suite
     * {epochs: N}.
     */
    private List<Setting> budget(Entry e, String path) {
        if (supervised) {
            Mapping m = mapping(e.value(), path, SUPERVISED_BUDGET_KEYS);
            Entry b = require(m, "epochs", path);
            long n = integer(b.value(), path + ".epochs");
            if (n < 1) {
                throw new SuiteFileException(file, b.line(), path + ".epochs", "must be an integer >= 1, got " + n);
            }
            return List.of(new Setting("epochs", Long.toString(n), path + ".epochs", b.line()));
        }
        Mapping m = mapping(e.value(), path, BUDGET_KEYS);
        if (m.entries().size() != 1) {
            throw new SuiteFileException(file, e.line(), path, "give exactly one of iterations or env-steps, e.g."
                    + " budget: {iterations: 200} or budget: {env-steps: 5000000}");
        }
        Entry b = m.entries().values().iterator().next();
        long n = integer(b.value(), path + "." + b.key());
        if (n < 1) {
            throw new SuiteFileException(file, b.line(), path + "." + b.key(), "must be an integer >= 1, got " + n);
        }
        String p = path + "." + b.key();
        boolean iterations = b.key().equals("iterations");
        return List.of(new Setting("iterations", iterations ? Long.toString(n) : "0", p, b.line()),
                new Setting("max-env-steps", iterations ? "0" : Long.toString(n), p, b.line()));
    }

    /** Config keys, flattened: {@code policy-options: {d: 8}} and {@code policy-options.d: 8} are the same. */
    private List<Setting> set(Entry e, String path) {
        if (!(e.value() instanceof Mapping m)) {
            throw new SuiteFileException(file, e.line(), path, "must be a mapping of config key: value, e.g."
                    + " set: {sigma: 0.1}");
        }
        List<Setting> out = new ArrayList<>();
        for (Entry k : m.entries().values()) {
            String key = k.key();
            String keyPath = path + "." + key;
            Map<String, String> structural = supervised ? SUPERVISED_STRUCTURAL : STRUCTURAL;
            if (structural.containsKey(key)) {
                throw new SuiteFileException(file, k.line(), keyPath, "`" + key + "` is not set through `set:`; use "
                        + "`" + structural.get(key) + (structural.get(key).startsWith("-") ? "`" : ":`")
                        + " instead");
            }
            if (supervised && !SupervisedConfig.KEYS.contains(key) && !key.equals(POLICY_OPTIONS)
                    && !key.startsWith(POLICY_OPTIONS + ".")) {
                List<String> known = new ArrayList<>(SupervisedConfig.KEYS);
                known.removeAll(SUPERVISED_STRUCTURAL.keySet());
                known.add(POLICY_OPTIONS);
                throw new SuiteFileException(file, k.line(), keyPath, "unknown supervised key. "
                        + Names.suggestion(key, known) + "Valid keys: " + String.join(", ", known));
            }
            if (k.value() instanceof Mapping nested) {
                for (Entry n : nested.entries().values()) {
                    out.add(new Setting(key + "." + n.key(), text(n.value(), keyPath + "." + n.key()),
                            keyPath + "." + n.key(), n.line()));
                }
            } else {
                out.add(new Setting(key, text(k.value(), keyPath), keyPath, k.line()));
            }
        }
        return out;
    }

    private List<Node> axis(Mapping top, String key) {
        Entry e = require(top, key, "the suite file");
        if (!(e.value() instanceof Sequence s)) {
            throw new SuiteFileException(file, e.line(), key, "must be a list, e.g. " + key + ": [a, b]");
        }
        if (s.items().isEmpty()) {
            throw new SuiteFileException(file, e.line(), key, "is empty: the matrix would have no cells; list at"
                    + " least one entry");
        }
        return s.items();
    }

    private Mapping mapping(Node node, String path, List<String> keys) {
        if (!(node instanceof Mapping m)) {
            throw new SuiteFileException(file, node.line(), path, "must be a mapping with keys "
                    + String.join(", ", keys));
        }
        for (Entry e : m.entries().values()) {
            if (!keys.contains(e.key())) {
                String keyPath = path.startsWith("the ") ? e.key() : path + "." + e.key();
                throw new SuiteFileException(file, e.line(), keyPath, "unknown key in " + path + ". "
                        + Names.suggestion(e.key(), keys) + "Valid keys: " + String.join(", ", keys));
            }
        }
        return m;
    }

    private Entry require(Mapping m, String key, String path) {
        Entry e = m.entries().get(key);
        if (e == null) {
            throw new SuiteFileException(file, m.line(), key, "missing in " + path);
        }
        return e;
    }

    private String safeName(Entry e, String path) {
        return safeName(text(e.value(), path), e.value(), path);
    }

    /** A name that becomes part of a directory name. */
    private String safeName(String value, Node node, String path) {
        if (!value.matches(SAFE_NAME)) {
            throw new SuiteFileException(file, node.line(), path, "`" + value + "` cannot name a folder: use letters,"
                    + " digits, '.', '_' and '-'");
        }
        return value;
    }

    private String text(Node node, String path) {
        if (!(node instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
            throw new SuiteFileException(file, node.line(), path, "expected a value, got "
                    + (node instanceof Scalar ? "nothing" : node instanceof Mapping ? "a mapping" : "a list"));
        }
        return s.text().trim();
    }

    private long integer(Node node, String path) {
        String t = text(node, path);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new SuiteFileException(file, node.line(), path, "expected an integer, got `" + t + "`");
        }
    }
}
