package org.odetoode.experiments.suite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.odetoode.agents.InvalidConfigException;
import org.odetoode.agents.TrainConfig;
import org.odetoode.experiments.report.RunReader;
import org.odetoode.experiments.report.RunRecord;
import org.odetoode.experiments.suite.SuccessiveHalving.TrialScore;
import org.odetoode.experiments.suite.Yaml.Entry;
import org.odetoode.experiments.suite.Yaml.Mapping;
import org.odetoode.experiments.suite.Yaml.Node;
import org.odetoode.experiments.suite.Yaml.Scalar;
import org.odetoode.experiments.suite.Yaml.Sequence;

/**
 * Tunes every policy entry of a suite by random search and successive halving, the same way for each: N settings
 * drawn from a {@link SearchSpace} (the same N for every policy), run on every env of the suite with the tuning seeds
 * at rung 0's budget; the best ⌊n/η⌋ of each policy's trials go on to the next rung at η times the budget, until the
 * top rung runs at the suite's own budget (times {@code budget-scale}). Each rung is an ordinary suite under
 * {@code OUT/trials/rung-K/} ({@link SuiteRunner}: parallel, resumable), so rerunning the same command after a kill
 * continues where it stopped and, runs being deterministic, promotes and chooses the same trials. The winner of the top
 * rung is written into {@code OUT/tuned.yaml}, a suite file for {@code suite run}; every trial's settings and scores
 * into {@code OUT/tune-report.{json,csv,md}}. See {@link SuccessiveHalving} for the score.
 *
 * <p>The tune block of a suite file (every key may also come from the command line, which wins):
 *
 * <pre>
 * tune:
 *   space: spaces/es-basic.yaml   # relative to the suite file
 *   trials: 8
 *   rungs: 2                      # default 2; 1 is plain random search
 *   eta: 3                        # default 3
 *   tune-seeds: [100, 101]        # required; disjoint from the suite's seeds
 *   budget-scale: 1.0             # the top rung's budget as a share of the suite's; default 1
 *   sample-seed: 0                # seeds the draw of the trials; default 0
 * </pre>
 */
public final class SuiteTuner {
    /** The folder of the rungs' suites. */
    public static final String TRIALS = "trials";
    /** The suite file of the chosen settings. */
    public static final String TUNED_FILE = "tuned.yaml";
    /** The report's base name (.json, .csv, .md). */
    public static final String REPORT = "tune-report";
    /** The record of what the tune in a folder runs, checked on every rerun. */
    public static final String PLAN_FILE = "tune-plan.json";
    private static final List<String> TUNE_KEYS = List.of("space", "trials", "rungs", "eta", "tune-seeds",
            "budget-scale", "sample-seed");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a tune does.
     *
     * @param space the ranges
     * @param trials settings drawn per policy
     * @param rungs successive-halving rungs (1: random search at the top budget)
     * @param eta each rung keeps ⌊n/η⌋ trials and multiplies the budget by η
     * @param tuneSeeds the seeds of every trial's cells; none of them is one of the suite's seeds
     * @param budgetScale the top rung's budget as a share of each cell's suite budget
     * @param sampleSeed seeds the draw of the trials
     */
    public record Settings(SearchSpace space, int trials, int rungs, int eta, List<Long> tuneSeeds,
            double budgetScale, long sampleSeed) {
    }

    /** Settings from the command line; a null one comes from the tune block or its default. */
    public record Options(Path space, Integer trials, Integer rungs, Integer eta, List<Long> tuneSeeds,
            Double budgetScale, Long sampleSeed) {
    }

    /** One trial at one rung, as the report lists it. */
    public record Row(String policy, int trial, int rung, Map<String, String> settings, TrialScore score,
            Map<String, double[]> finalAndBest, int failedCells, String outcome) {
    }

    /**
     * How the tune went.
     *
     * @param complete every rung ran to the end and {@code tuned.yaml} was written
     * @param chosen each policy's chosen trial (empty unless complete)
     * @param rows every trial at every rung that ran
     */
    public record Result(boolean complete, Map<String, Integer> chosen, List<Row> rows) {
    }

    private final Path file;
    private final Suite suite;
    private final Settings settings;
    private final Path out;
    /** Per policy label, its first cell on each env: the config a trial overrides. */
    private final Map<String, List<Cell>> bases = new LinkedHashMap<>();
    private final List<Map<String, String>> trials;
    private final Map<String, Integer> parameterCounts = new HashMap<>();

    /**
     * Checks every trial's config before anything runs.
     *
     * @throws SuiteFileException for a space key that a trial cannot set, at its line in the space file
     */
    public SuiteTuner(Path file, Suite suite, Settings settings, Path out) {
        this.file = file;
        this.suite = suite;
        this.settings = settings;
        this.out = out;
        for (Cell c : suite.cells()) {
            List<Cell> envs = bases.computeIfAbsent(c.label(), l -> new ArrayList<>());
            if (envs.stream().noneMatch(b -> b.env().equals(c.env()))) {
                envs.add(c);
            }
        }
        SearchSpace space = settings.space();
        for (SearchSpace.Param p : space.params()) {
            String head = p.key().contains(".") ? p.key().substring(0, p.key().indexOf('.')) : p.key();
            if (SuiteFile.STRUCTURAL.containsKey(head)) {
                throw new SuiteFileException(space.file(), p.line(), p.key(), "is set by the suite's `"
                        + SuiteFile.STRUCTURAL.get(head) + "`, not tuned; remove it from the space");
            }
        }
        this.trials = space.sample(settings.trials(), settings.sampleSeed());
        for (int t = 0; t < trials.size(); t++) {
            for (List<Cell> envs : bases.values()) {
                for (Cell base : envs) {
                    try {
                        cell(base, t, 0, settings.tuneSeeds().get(0));
                    } catch (InvalidConfigException e) {
                        throw new SuiteFileException(space.file(), space.line(e.key()), e.key(), e.getMessage()
                                + " (trial " + t + ": " + trials.get(t) + ", " + base.label() + " on " + base.env()
                                + ")");
                    }
                }
            }
        }
    }

    /** The drawn settings, trial i at index i. */
    public List<Map<String, String>> trials() {
        return trials;
    }

    /** The policy labels searched, in suite order. */
    public Set<String> policies() {
        return bases.keySet();
    }

    /** Trials per policy at {@code rung}. */
    public int trialsAt(int rung) {
        int n = settings.trials();
        for (int k = 0; k < rung; k++) {
            n = SuccessiveHalving.kept(n, settings.eta());
        }
        return n;
    }

    /** The budget of {@code base}'s env at {@code rung}, as suite files write it. */
    public String budgetAt(Cell base, int rung) {
        TrainConfig c = base.config();
        boolean iterations = c.iterations() > 0;
        return budget(base, rung) + (iterations ? " it" : " steps");
    }

    /** The base cells of each policy, one per env. */
    public Map<String, List<Cell>> bases() {
        return bases;
    }

    private long budget(Cell base, int rung) {
        TrainConfig c = base.config();
        long full = c.iterations() > 0 ? c.iterations() : c.maxEnvSteps();
        long top = Math.max(1, Math.round(full * settings.budgetScale()));
        return SuccessiveHalving.budget(top, rung, settings.rungs(), settings.eta());
    }

    /** Trial {@code trial}'s cell of {@code base} at {@code rung} with seed {@code seed}. */
    private Cell cell(Cell base, int trial, int rung, long seed) {
        Map<String, String> o = new LinkedHashMap<>(trials.get(trial));
        o.put("seed", Long.toString(seed));
        boolean iterations = base.config().iterations() > 0;
        o.put("iterations", iterations ? Long.toString(budget(base, rung)) : "0");
        o.put("max-env-steps", iterations ? "0" : Long.toString(budget(base, rung)));
        TrainConfig config = TrainConfig.resolve(base.config().toMap(), o);
        String label = trialLabel(base.label(), trial);
        boolean policyKeys = trials.get(trial).keySet().stream().anyMatch(k -> k.startsWith("policy"));
        int parameters = !policyKeys ? base.parameterCount()
                : parameterCounts.computeIfAbsent(base.env() + "/" + label, k -> SuiteFile.parameterCount(config));
        return new Cell(Cell.name(base.env(), label, seed), base.env(), label, seed, parameters, config);
    }

    /** The cells' label of a trial of a policy: {@code LABEL_tNN}. */
    static String trialLabel(String label, int trial) {
        return label + "_t" + String.format("%02d", trial);
    }

    /** The suite of one rung: every active trial of every policy on every env and tuning seed. */
    Suite rungSuite(int rung, Map<String, List<Integer>> active) {
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> p : active.entrySet()) {
            for (int t : p.getValue()) {
                for (Cell base : bases.get(p.getKey())) {
                    for (long seed : settings.tuneSeeds()) {
                        cells.add(cell(base, t, rung, seed));
                    }
                }
            }
        }
        return new Suite(suite.name() + "-tune-rung" + rung, "rung " + rung + " of the tune of " + suite.name(),
                cells);
    }

    /** The folder of rung {@code rung}'s suite. */
    public Path rungDir(int rung) {
        return out.resolve(TRIALS).resolve("rung-" + rung);
    }

    /**
     * Runs what is left of the tune, rung by rung, and writes {@code tuned.yaml} and the report.
     *
     * @param threads rollout threads for the whole tune (0: every core)
     * @param parallelCells cells at a time (0: as many as threads)
     */
    public Result run(int threads, int parallelCells, String track, PrintWriter err, boolean terminal) {
        checkPlan();
        Map<String, List<Integer>> active = new LinkedHashMap<>();
        for (String p : bases.keySet()) {
            List<Integer> all = new ArrayList<>();
            for (int t = 0; t < trials.size(); t++) {
                all.add(t);
            }
            active.put(p, all);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> chosen = new LinkedHashMap<>();
        for (int rung = 0; rung < settings.rungs(); rung++) {
            Suite rs = rungSuite(rung, active);
            err.printf("tune %s: rung %d of %d: %d trial%s per policy x %d policies, %d cells%n", suite.name(),
                    rung + 1, settings.rungs(), trialsAt(rung), trialsAt(rung) == 1 ? "" : "s", active.size(),
                    rs.cells().size());
            err.flush();
            SuiteRunner runner = new SuiteRunner(rs, null, rungDir(rung), threads, parallelCells, track, false, err,
                    terminal);
            SuiteRunner.Outcome o = runner.run(file, System.currentTimeMillis());
            if (o.stopped() || o.count(CellState.State.PENDING) > 0) {
                writeReport(rows, Map.of());
                return new Result(false, Map.of(), rows);
            }
            boolean top = rung == settings.rungs() - 1;
            Map<String, List<Integer>> next = new LinkedHashMap<>();
            for (Map.Entry<String, List<Integer>> p : active.entrySet()) {
                List<TrialScore> scores = new ArrayList<>();
                Map<Integer, List<RunRecord>> records = new LinkedHashMap<>();
                for (int t : p.getValue()) {
                    List<RunRecord> cells = new ArrayList<>();
                    for (Cell base : bases.get(p.getKey())) {
                        for (long seed : settings.tuneSeeds()) {
                            cells.add(RunReader.read(new SuiteDirectory(rungDir(rung)).cell(
                                    Cell.name(base.env(), trialLabel(p.getKey(), t), seed))));
                        }
                    }
                    records.put(t, cells);
                    scores.add(SuccessiveHalving.score(t, cells));
                }
                List<Integer> kept = top ? List.of(SuccessiveHalving.ranked(scores).get(0).trial())
                        : SuccessiveHalving.promoted(scores, settings.eta());
                next.put(p.getKey(), kept);
                if (top) {
                    chosen.put(p.getKey(), kept.get(0));
                }
                for (TrialScore s : scores) {
                    List<RunRecord> cells = records.get(s.trial());
                    rows.add(new Row(p.getKey(), s.trial(), rung, trials.get(s.trial()), s, finalAndBest(cells),
                            (int) cells.stream().filter(r -> !r.scored()).count(),
                            kept.contains(s.trial()) ? (top ? "chosen" : "promoted") : "dropped"));
                }
            }
            active = next;
        }
        writeTuned(chosen);
        writeReport(rows, chosen);
        return new Result(true, chosen, rows);
    }

    /**
     * What decides which cells a tune runs and at what budget, beyond each cell's config (which {@link SuiteRunner}
     * checks itself): a cell done at one budget counts as done at any other, so a rerun with other rungs, eta, budget
     * scale or trials in the same folder would mix tunes.
     */
    private Map<String, Object> plan() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("trials", trials);
        plan.put("rungs", settings.rungs());
        plan.put("eta", settings.eta());
        plan.put("tune-seeds", settings.tuneSeeds());
        Map<String, Object> budgets = new LinkedHashMap<>();
        bases.forEach((label, envs) -> envs.forEach(base -> {
            List<String> perRung = new ArrayList<>();
            for (int k = 0; k < settings.rungs(); k++) {
                perRung.add(budgetAt(base, k));
            }
            budgets.put(base.env() + "/" + label, perRung);
        }));
        plan.put("budgets", budgets);
        return plan;
    }

    /**
     * Records the plan in {@code OUT/tune-plan.json} on the first run; on a rerun, refuses a different one.
     *
     * @throws IllegalArgumentException when the folder holds a tune with another plan
     */
    private void checkPlan() {
        Path file = out.resolve(PLAN_FILE);
        TypeReference<LinkedHashMap<String, Object>> type = new TypeReference<>() { };
        Map<String, Object> plan;
        try {
            plan = JSON.readValue(JSON.writeValueAsString(plan()), type); // typed as read back from the file
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Files.isRegularFile(file)) {
            Map<String, Object> was;
            try {
                was = JSON.readValue(file.toFile(), type);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage().replace('\n', ' '));
            }
            for (Map.Entry<String, Object> e : plan.entrySet()) {
                if (!e.getValue().equals(was.get(e.getKey()))) {
                    throw new IllegalArgumentException(out + " holds a tune with other " + e.getKey() + " ("
                            + was.get(e.getKey()) + ", now " + e.getValue() + "); tune into another --out, or delete "
                            + out + " to start over");
                }
            }
            return;
        }
        try {
            write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per env, the mean final and mean best evaluation return over the scored cells (NaN when none). */
    private static Map<String, double[]> finalAndBest(List<RunRecord> cells) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (RunRecord r : cells) {
            double[] sums = m.computeIfAbsent(r.env(), e -> new double[3]);
            if (r.scored()) {
                sums[0] += r.finalReturn();
                sums[1] += Double.isFinite(r.bestReturn()) ? r.bestReturn() : r.finalReturn();
                sums[2]++;
            }
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        m.forEach((env, s) -> means.put(env, new double[] {s[0] / s[2], s[1] / s[2]}));
        return means;
    }

    /**
     * The suite file with each policy entry's {@code set} extended by its chosen trial's settings, named
     * {@code NAME-tuned} and without the tune block; checked by parsing it as {@code suite run} will.
     */
    String tunedYaml(Map<String, Integer> chosen) {
        Map<String, Object> doc;
        try {
            doc = YAML.readValue(Files.readString(file), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reread " + file + ": " + e.getMessage(), e);
        }
        doc.remove("tune");
        doc.put("name", suite.name() + "-tuned");
        List<Object> policies = new ArrayList<>();
        for (Object item : (List<?>) doc.get("policies")) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (item instanceof Map<?, ?> m) {
                m.forEach((k, v) -> entry.put(String.valueOf(k), v));
            } else {
                entry.put("policy", String.valueOf(item));
            }
            String label = String.valueOf(entry.getOrDefault("label", entry.get("policy")));
            Integer t = chosen.get(label);
            if (t != null) {
                Map<String, Object> set = new LinkedHashMap<>();
                if (entry.get("set") instanceof Map<?, ?> old) {
                    old.forEach((k, v) -> set.put(String.valueOf(k), v));
                }
                trials.get(t).forEach((k, v) -> set.put(k, typed(v)));
                entry.put("set", set);
            }
            policies.add(entry);
        }
        doc.put("policies", policies);
        String header = "# Written by `odetoode suite tune " + file + "`: each policy's `set` ends with the settings of"
                + " its chosen trial\n# (" + chosen.entrySet().stream().map(e -> e.getKey() + ": trial " + e.getValue())
                .collect(Collectors.joining(", ")) + "); see " + REPORT + ".md for every trial.\n";
        try {
            String text = header + YAML.writeValueAsString(doc);
            SuiteFile.parse(text, out.resolve(TUNED_FILE).toString());
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object typed(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    private void writeTuned(Map<String, Integer> chosen) {
        write(out.resolve(TUNED_FILE), tunedYaml(chosen));
    }

    /** {@code tune-report.json}, {@code .csv} and {@code .md}: every trial at every rung that ran. */
    private void writeReport(List<Row> rows, Map<String, Integer> chosen) {
        List<String> envs = bases.values().stream().flatMap(List::stream).map(Cell::env).distinct().toList();
        List<String> keys = settings.space().params().stream().map(SearchSpace.Param::key).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", suite.name());
        json.put("source", file.toString());
        json.put("space", settings.space().file());
        json.put("trials", settings.trials());
        json.put("rungs", settings.rungs());
        json.put("eta", settings.eta());
        json.put("tune_seeds", settings.tuneSeeds());
        json.put("budget_scale", settings.budgetScale());
        json.put("sample_seed", settings.sampleSeed());
        json.put("hold_penalty", SuccessiveHalving.HOLD_PENALTY);
        Map<String, Object> chosenJson = new LinkedHashMap<>();
        chosen.forEach((p, t) -> chosenJson.put(p, Map.of("trial", t, "settings", trials.get(t))));
        json.put("chosen", chosenJson);
        List<Map<String, Object>> rowsJson = new ArrayList<>();
        StringBuilder csv = new StringBuilder("policy,trial,rung,");
        keys.forEach(k -> csv.append(k).append(','));
        csv.append("score,final_score,");
        envs.forEach(e -> csv.append(e).append("_score,").append(e).append("_final,").append(e).append("_best,"));
        csv.append("failed_cells,outcome\n");
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", r.policy());
            m.put("trial", r.trial());
            m.put("rung", r.rung());
            m.put("settings", r.settings());
            m.put("score", finite(r.score().score()));
            m.put("final_score", finite(r.score().finalScore()));
            csv.append(r.policy()).append(',').append(r.trial()).append(',').append(r.rung()).append(',');
            keys.forEach(k -> csv.append(r.settings().get(k)).append(','));
            csv.append(number(r.score().score())).append(',').append(number(r.score().finalScore())).append(',');
            for (String e : envs) {
                double[] fb = r.finalAndBest().getOrDefault(e, new double[] {Double.NaN, Double.NaN});
                double s = r.score().perEnv().getOrDefault(e, Double.NaN);
                csv.append(number(s)).append(',').append(number(fb[0])).append(',').append(number(fb[1])).append(',');
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String e : envs) {
                double[] fb = r.finalAndBest().getOrDefault(e, new double[] {Double.NaN, Double.NaN});
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("score", finite(r.score().perEnv().getOrDefault(e, Double.NaN)));
                one.put("final_return", finite(fb[0]));
                one.put("best_return", finite(fb[1]));
                ordered.put(e, one);
            }
            m.put("envs", ordered);
            m.put("failed_cells", r.failedCells());
            m.put("outcome", r.outcome());
            rowsJson.add(m);
            csv.append(r.failedCells()).append(',').append(r.outcome()).append('\n');
        }
        json.put("rows", rowsJson);
        try {
            Files.createDirectories(out);
            write(out.resolve(REPORT + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(out.resolve(REPORT + ".csv"), csv.toString());
        write(out.resolve(REPORT + ".md"), markdown(rows, chosen, envs));
    }

    private String markdown(List<Row> rows, Map<String, Integer> chosen, List<String> envs) {
        StringBuilder md = new StringBuilder("# Tune of " + suite.name() + "\n\n");
        md.append(String.format("%d trials per policy from `%s` (sample seed %d), %d rung%s, eta %d, tuning seeds %s"
                + " (the suite reports seeds %s). Score: IQM over env x seed of f - %.1f max(0, b - f), f and b the"
                + " normalised final and best evaluation returns, -inf for a cell that failed with no final"
                + " evaluation; final and best below are mean returns over the cells that have one.%n%n",
                settings.trials(), settings.space().file(), settings.sampleSeed(), settings.rungs(),
                settings.rungs() == 1 ? "" : "s", settings.eta(), settings.tuneSeeds(),
                suite.cells().stream().map(Cell::seed).distinct().toList(), SuccessiveHalving.HOLD_PENALTY));
        if (!chosen.isEmpty()) {
            md.append("## Chosen\n\n");
            chosen.forEach((p, t) -> md.append("- ").append(p).append(": trial ").append(t).append(' ')
                    .append(trials.get(t)).append('\n'));
            md.append('\n');
        } else {
            md.append("The tune has not finished: rerun the same command to continue.\n\n");
        }
        for (String p : bases.keySet()) {
            md.append("## ").append(p).append("\n\n| rung | trial | settings | score |");
            envs.forEach(e -> md.append(' ').append(e).append(" final / best |"));
            md.append(" failed | outcome |\n|---|---|---|---|");
            envs.forEach(e -> md.append("---|"));
            md.append("---|---|\n");
            rows.stream().filter(r -> r.policy().equals(p)).forEach(r -> {
                md.append("| ").append(r.rung()).append(" | ").append(r.trial()).append(" | ")
                        .append(r.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", "))).append(" | ").append(number(r.score().score()))
                        .append(" |");
                for (String e : envs) {
                    double[] fb = r.finalAndBest().getOrDefault(e, new double[] {Double.NaN, Double.NaN});
                    md.append(' ').append(number(fb[0])).append(" / ").append(number(fb[1])).append(" |");
                }
                md.append(' ').append(r.failedCells()).append(" | ").append(r.outcome()).append(" |\n");
            });
            md.append('\n');
        }
        return md.toString();
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** A score or return for the CSV and Markdown: −∞ (no cell with a final evaluation) as -inf, NaN as blank. */
    private static String number(double x) {
        return x == Double.NEGATIVE_INFINITY ? "-inf" : Double.isFinite(x) ? String.format("%.4g", x) : "";
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the tune's settings: the suite file's tune block, overridden by {@code o}.
     *
     * @throws SuiteFileException for a bad tune block or tuning seeds that overlap the suite's, with the line
     * @throws IllegalArgumentException for a bad option or a missing space or tuning seeds
     */
    public static Settings settings(Path suiteFile, Suite suite, Options o) {
        String name = suiteFile.toString();
        Mapping block = null;
        try {
            Node root = Yaml.parse(Files.readString(suiteFile), name);
            if (root instanceof Mapping m && m.entries().get("tune") != null) {
                Entry e = m.entries().get("tune");
                if (!(e.value() instanceof Mapping b)) {
                    throw new SuiteFileException(name, e.line(), "tune", "must be a mapping with keys "
                            + String.join(", ", TUNE_KEYS));
                }
                for (Entry k : b.entries().values()) {
                    if (!TUNE_KEYS.contains(k.key())) {
                        throw new SuiteFileException(name, k.line(), "tune." + k.key(), "unknown key in tune. Valid"
                                + " keys: " + String.join(", ", TUNE_KEYS));
                    }
                }
                block = b;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read suite file " + suiteFile + ": " + e.getMessage());
        }
        Block b = new Block(name, block);
        Path space = o.space() != null ? o.space() : b.has("space")
                ? suiteFile.resolveSibling(b.text("space")) : null;
        if (space == null) {
            throw new IllegalArgumentException("No search space: give --space SPACE.yaml or `tune: {space: FILE}` in "
                    + name);
        }
        int trials = o.trials() != null ? o.trials() : b.has("trials") ? (int) b.integer("trials") : -1;
        if (trials == -1) {
            throw new IllegalArgumentException("No trial count: give --trials N or `tune: {trials: N}` in " + name);
        }
        int rungs = o.rungs() != null ? o.rungs() : b.has("rungs") ? (int) b.integer("rungs") : 2;
        int eta = o.eta() != null ? o.eta() : b.has("eta") ? (int) b.integer("eta") : 3;
        double scale = o.budgetScale() != null ? o.budgetScale() : b.has("budget-scale") ? b.real("budget-scale")
                : 1.0;
        long sampleSeed = o.sampleSeed() != null ? o.sampleSeed() : b.has("sample-seed") ? b.integer("sample-seed")
                : 0;
        check(trials >= 1, o.trials() == null, b, "trials", "--trials", "must be >= 1, got " + trials);
        check(rungs >= 1, o.rungs() == null, b, "rungs", "--rungs", "must be >= 1, got " + rungs);
        check(eta >= 2, o.eta() == null, b, "eta", "--eta", "must be >= 2, got " + eta);
        check(scale > 0 && scale <= 1, o.budgetScale() == null, b, "budget-scale", "--budget-scale",
                "must be in (0, 1], got " + scale);
        List<Long> seeds = o.tuneSeeds() != null ? o.tuneSeeds() : b.has("tune-seeds") ? b.integers("tune-seeds")
                : null;
        if (seeds == null || seeds.isEmpty()) {
            throw new IllegalArgumentException("No tuning seeds: give --tune-seeds 100,101 or `tune: {tune-seeds: [100,"
                    + " 101]}` in " + name + "; they must differ from the suite's seeds");
        }
        Set<Long> reported = suite.cells().stream().map(Cell::seed)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<Long> overlap = seeds.stream().filter(reported::contains).distinct().toList();
        check(overlap.isEmpty(), o.tuneSeeds() == null, b, "tune-seeds", "--tune-seeds", "seed"
                + (overlap.size() == 1 ? " " : "s ")
                + overlap + " also in the suite's seeds " + reported + ": a seed used for tuning is never a seed"
                + " reported; choose tuning seeds outside them");
        check(seeds.stream().distinct().count() == seeds.size(), o.tuneSeeds() == null, b, "tune-seeds",
                "--tune-seeds", "lists a seed twice: " + seeds);
        return new Settings(SearchSpace.read(space), trials, rungs, eta, List.copyOf(seeds), scale, sampleSeed);
    }

    /** A broken constraint: at the tune block's line when the value came from there, else about the option. */
    private static void check(boolean ok, boolean fromBlock, Block b, String key, String option, String what) {
        if (!ok) {
            if (fromBlock) {
                throw new SuiteFileException(b.file, b.block.entries().get(key).line(), "tune." + key, what);
            }
            throw new IllegalArgumentException(option + " " + what);
        }
    }

    /** The tune block of a suite file, read with line numbers. */
    private record Block(String file, Mapping block) {
        boolean has(String key) {
            return block != null && block.entries().containsKey(key);
        }

        String text(String key) {
            Entry e = block.entries().get(key);
            if (!(e.value() instanceof Scalar s) || s.text() == null || s.text().isBlank()) {
                throw new SuiteFileException(file, e.line(), "tune." + key, "expected a value");
            }
            return s.text().trim();
        }

        long integer(String key) {
            return parse(key, text(key), Long::parseLong, "an integer");
        }

        double real(String key) {
            return parse(key, text(key), Double::parseDouble, "a number");
        }

        List<Long> integers(String key) {
            Entry e = block.entries().get(key);
            if (!(e.value() instanceof Sequence s)) {
                throw new SuiteFileException(file, e.line(), "tune." + key, "must be a list, e.g. " + key
                        + ": [100, 101]");
            }
            List<Long> out = new ArrayList<>();
            for (Node n : s.items()) {
                String t = n instanceof Scalar sc && sc.text() != null ? sc.text().trim() : "";
                out.add(parse(key, t, Long::parseLong, "a list of integers"));
            }
            return out;
        }

        private <T> T parse(String key, String text, java.util.function.Function<String, T> f, String what) {
            try {
                return f.apply(text);
            } catch (NumberFormatException e) {
                throw new SuiteFileException(file, block.entries().get(key).line(), "tune." + key, "expected " + what
                        + ", got `" + text + "`");
            }
        }
    }
}
