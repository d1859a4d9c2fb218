package org.odetoode.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.odetoode.experiments.report.Analysis.Aggregate;
import org.odetoode.experiments.report.Analysis.Estimate;
import org.odetoode.experiments.report.Analysis.Improvement;
import org.odetoode.experiments.report.Analysis.PolicyEnv;
import org.odetoode.experiments.report.ReportPage.Table;

import static org.odetoode.experiments.report.ReportPage.csvField;
import static org.odetoode.experiments.report.ReportPage.esc;
import static org.odetoode.experiments.report.ReportPage.estimateJson;
import static org.odetoode.experiments.report.ReportPage.finiteOrNull;
import static org.odetoode.experiments.report.ReportPage.fmt;
import static org.odetoode.experiments.report.ReportPage.htmlFigure;
import static org.odetoode.experiments.report.ReportPage.htmlTable;
import static org.odetoode.experiments.report.ReportPage.log10;
import static org.odetoode.experiments.report.ReportPage.mdTable;
import static org.odetoode.experiments.report.ReportPage.num;
import static org.odetoode.experiments.report.ReportPage.pair;
import static org.odetoode.experiments.report.ReportPage.steps;
import static org.odetoode.experiments.report.ReportPage.withCi;

/**
 * Writes a report directory: PNG figures, {@code report.json} (every number shown), {@code results.csv} (one row per
 * cell), {@code report.md} and {@code index.html}, a single static page with the figures embedded (it opens from
 * the file system; no script, no network).
 */
public final class ReportWriter {
    /** The JSON report's file name. */
    public static final String JSON_FILE = "report.json";
    /** The page's file name. */
    public static final String HTML_FILE = "index.html";
    private static final List<String> FILES = List.of(JSON_FILE, HTML_FILE, "results.csv", "report.md");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Analysis a;
    private final Path out;
    private final List<Path> inputs;
    private final Map<String, RunRecord.Group> groups = new LinkedHashMap<>();
    private final Map<String, Color> colours;
    /** Figure file name to caption, in page order; per env figures keyed under their env. */
    private final Map<String, List<String[]>> figures = new LinkedHashMap<>();

    private ReportWriter(Analysis a, Path out, List<Path> inputs) {
        this.a = a;
        this.out = out;
        this.inputs = inputs;
        a.perEnv().values().forEach(m -> m.values().forEach(p -> groups.putIfAbsent(p.label(), p.group())));
        Map<String, RunRecord.Group> ordered = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> ordered.put(e.getKey(),
                e.getValue()));
        this.colours = Plots.colours(ordered);
    }

    /** Whether a file of this name is one a report writes (the figures are PNGs). */
    public static boolean isReportFile(String name) {
        return FILES.contains(name) || name.endsWith(".png");
    }

    /** Writes the report of {@code a} (read from {@code inputs}) into {@code out}; returns report.json's content. */
    public static Map<String, Object> write(Analysis a, Path out, List<Path> inputs) {
        ReportWriter w = new ReportWriter(a, out, inputs);
        try {
            Files.createDirectories(out);
            w.figures();
            Map<String, Object> json = w.json();
            JSON.writeValue(out.resolve(JSON_FILE).toFile(), json);
            Files.writeString(out.resolve("results.csv"), w.csv());
            Files.writeString(out.resolve("report.md"), w.markdown());
            Files.writeString(out.resolve(HTML_FILE), w.html());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- figures

    private void figures() {
        a.perEnv().forEach((env, stats) -> {
            List<Plots.Row> rows = stats.values().stream().map(p -> new Plots.Row(p.label(), p.group(),
                    p.mean().value(), p.mean().ci95().lo(), p.mean().ci95().hi(), p.returns())).toList();
            figure(env, env + "-final-return.png", "Final return: mean (diamond) with 95% bootstrap CI (bar), one dot"
                    + " per seed", f -> Plots.intervals(f, env + ": final evaluation return",
                            "return (sum of rewards per episode)", rows, colours,
                            Double.NaN));
            Analysis.EnvCurves lc = a.learning().get(env);
            if (lc != null && !lc.byLabel().isEmpty()) {
                figure(env, env + "-learning-curve.png", "Learning curve: " + lc.metric() + ", mean over seeds with"
                        + " 95% bootstrap band", f -> Plots.curves(f, env + ": learning curve", "environment steps",
                                Plots.STEPS, lc.metric(), Plots.YAxis.LINEAR, lc.byLabel(), groups, colours));
            }
            Analysis.EnvCurves inf = a.infeasible().get(env);
            if (inf != null) {
                figure(env, env + "-infeasible.png", "Infeasible ES candidates per iteration (a flow that blew up;"
                        + " ranked last), mean over seeds", f -> Plots.curves(f, env + ": infeasible candidates",
                                "environment steps", Plots.STEPS, "infeasible candidates per iteration (count)",
                                Plots.YAxis.COUNT, inf.byLabel(), groups, colours));
            }
            Analysis.EnvCurves dr = a.drift().get(env);
            if (dr != null) {
                Map<String, Analysis.Curve> log = new LinkedHashMap<>();
                dr.byLabel().forEach((label, c) -> log.put(label, new Analysis.Curve(c.x(), log10(c.mean()),
                        log10(c.lo()), log10(c.hi()), c.runs())));
                figure(env, env + "-drift.png", "Orthogonality drift of the restricted flows over training: log10 of"
                        + " the mean over seeds (values below 1e-18 shown at -18)", f -> Plots.curves(f, env
                                + ": orthogonality drift", "environment steps", Plots.STEPS,
                                "log10 max_k ||W_k^T W_k - I||_F (dimensionless)", Plots.YAxis.LINEAR, log, groups,
                                colours));
            }
        });
        if (!a.aggregates().isEmpty()) {
            List<Plots.Row> rows = a.aggregates().values().stream().map(g -> new Plots.Row(g.label(), g.group(),
                    g.iqm().value(), g.iqm().ci95().lo(), g.iqm().ci95().hi(), null)).toList();
            figure("", "aggregate-iqm.png", "Interquartile mean of the normalised scores over all envs and seeds,"
                    + " with 95% stratified bootstrap CI", f -> Plots.intervals(f, "Aggregate: IQM of normalised"
                            + " scores", "normalised score (0 = random policy, 1 = reference)", rows, colours, 1.0));
            figure("", "performance-profile.png", "Performance profile: fraction of runs (all envs) whose normalised"
                    + " score exceeds tau, with 95% stratified bootstrap band", f -> Plots.curves(f,
                            "Performance profile", "tau (normalised score)", Plots.FRACTION,
                            "fraction of runs with score > tau", Plots.YAxis.LINEAR, a.profiles(), groups, colours));
        }
        if (!a.improvements().isEmpty()) {
            List<Plots.Row> rows = a.improvements().stream().map(i -> new Plots.Row(i.restricted() + " > "
                    + i.unrestricted(), RunRecord.Group.RESTRICTED, i.probability().value(),
                    i.probability().ci95().lo(), i.probability().ci95().hi(), null)).toList();
            Map<String, Color> c = new LinkedHashMap<>();
            rows.forEach(r -> c.put(r.name(), colours.getOrDefault(r.name().split(" > ")[0], Color.BLUE)));
            figure("", "probability-of-improvement.png", "Probability that a restricted run beats an unrestricted"
                    + " one (Mann-Whitney, averaged over envs), with 95% bootstrap CI", f -> Plots.intervals(f,
                            "P(restricted > unrestricted)", "probability (0.5 = no difference)", rows, c, 0.5));
        }
    }

    private void figure(String env, String file, String caption, Consumer<Path> draw) {
        draw.accept(out.resolve(file));
        figures.computeIfAbsent(env, k -> new ArrayList<>()).add(new String[] {file, caption});
    }

    private List<String[]> figuresOf(String env) {
        return figures.getOrDefault(env, List.of());
    }

    // ---------------------------------------------------------------- report.json

    private Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("inputs", inputs.stream().map(Path::toString).toList());
        j.put("cells", a.cells().size());
        j.put("scored", a.cells().size() - a.unscored().size());
        j.put("unscored", a.unscored().stream().map(c -> Map.of("cell", c.name(), "dir",
                c.dir().toString(), "status", c.status(), "message", c.message())).toList());
        j.put("bootstrap", Map.of("resamples", a.resamples(), "seed", a.seed(), "interval",
                "95% percentile (2.5% and 97.5% quantiles, linear interpolation)"));
        Map<String, Object> envs = new LinkedHashMap<>();
        a.perEnv().forEach((env, stats) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            Normalization.of(env).ifPresent(r -> e.put("normalisation", Map.of("random", r.random(), "reference",
                    r.reference(), "source", r.source())));
            Map<String, Object> policies = new LinkedHashMap<>();
            stats.forEach((label, p) -> policies.put(label, policyJson(p)));
            e.put("policies", policies);
            Analysis.EnvCurves lc = a.learning().get(env);
            if (lc != null) {
                e.put("learning_curve", curvesJson(lc));
            }
            if (a.infeasible().containsKey(env)) {
                e.put("infeasible_candidates", curvesJson(a.infeasible().get(env)));
            }
            if (a.drift().containsKey(env)) {
                e.put("orthogonality_drift", curvesJson(a.drift().get(env)));
            }
            e.put("figures", figuresOf(env).stream().map(f -> f[0]).toList());
            envs.put(env, e);
        });
        j.put("envs", envs);
        Map<String, Object> agg = new LinkedHashMap<>();
        a.aggregates().forEach((label, g) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group().key());
            m.put("envs", g.envs());
            m.put("n", g.runs());
            m.put("iqm", estimateJson(g.iqm()));
            m.put("median", estimateJson(g.median()));
            m.put("mean", estimateJson(g.mean()));
            m.put("optimality_gap", estimateJson(g.optimalityGap()));
            Analysis.Curve profile = a.profiles().get(label);
            m.put("performance_profile", Map.of("tau", profile.x(), "fraction_above", profile.mean(), "ci95_lo",
                    profile.lo(), "ci95_hi", profile.hi()));
            agg.put(label, m);
        });
        j.put("aggregate", agg);
        j.put("probability_of_improvement", a.improvements().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("restricted", i.restricted());
            m.put("unrestricted", i.unrestricted());
            m.put("envs", i.envs());
            m.put("probability", finiteOrNull(i.probability().value()));
            m.put("ci95", pair(i.probability()));
            return m;
        }).toList());
        j.put("figures", figuresOf("").stream().map(f -> f[0]).toList());
        j.put("normalisation_table", Normalization.table());
        return j;
    }

    private static Map<String, Object> policyJson(PolicyEnv p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", p.group().key());
        m.put("n", p.n());
        m.put("diverged", p.diverged());
        m.put("mean", finiteOrNull(p.mean().value()));
        m.put("ci95", pair(p.mean()));
        m.put("median", estimateJson(p.median()));
        m.put("iqr", estimateJson(p.iqr()));
        m.put("iqm", estimateJson(p.iqm()));
        m.put("returns", p.returns());
        m.put("seeds", p.seeds());
        if (p.steps() != null) {
            Map<String, Object> steps = new LinkedHashMap<>();
            steps.put("threshold", p.steps().threshold());
            steps.put("reached", p.steps().reached());
            steps.put("runs", p.steps().runs());
            steps.put("median_env_steps", finiteOrNull(p.steps().medianSteps()));
            m.put("steps_to_threshold", steps);
        }
        m.put("parameter_count", p.parameterCounts().size() == 1 ? p.parameterCounts().get(0) : p.parameterCounts());
        m.put("mean_wall_seconds", finiteOrNull(p.meanWallSeconds()));
        return m;
    }

    private static Map<String, Object> curvesJson(Analysis.EnvCurves c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("y", c.metric());
        c.byLabel().forEach((label, cv) -> m.put(label, Map.of("env_steps", cv.x(), "mean", cv.mean(), "ci95_lo",
                cv.lo(), "ci95_hi", cv.hi(), "n", cv.runs())));
        return m;
    }

    // ---------------------------------------------------------------- results.csv

    /** The columns of results.csv. */
    static final List<String> CSV_COLUMNS = List.of("cell", "env", "label", "policy", "group", "agent", "seed",
            "status", "final_return", "final_std", "best_return", "normalised_score", "env_steps_to_threshold",
            "iterations", "env_steps", "wall_seconds", "infeasible_candidates", "parameter_count", "source", "message",
            "dir");

    private String csv() {
        StringBuilder s = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (RunRecord c : a.cells()) {
            Optional<Normalization.Range> range = Normalization.of(c.env());
            List<String> v = List.of(c.name(), c.env(), c.label(), c.policy(), c.group().key(), c.agent(),
                    Long.toString(c.seed()), c.status(), num(c.finalReturn()), num(c.finalStd()), num(c.bestReturn()),
                    range.map(r -> num(r.score(c.finalReturn()))).orElse(""),
                    range.map(r -> num(Analysis.stepsTo(c, r.reference()))).orElse(""), Long.toString(c.iterations()),
                    Long.toString(c.envSteps()), num(c.wallSeconds()), Long.toString(c.infeasibleCandidates()),
                    c.parameterCount() < 0 ? "" : Long.toString(c.parameterCount()), c.source(), c.message(),
                    c.dir().toString());
            s.append(String.join(",", v.stream().map(ReportPage::csvField).toList())).append('\n');
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- tables shared by report.md and index.html

    private List<Table> tables() {
        List<Table> t = new ArrayList<>();
        List<List<String>> summary = new ArrayList<>();
        summary.add(List.of("cells read", Integer.toString(a.cells().size())));
        summary.add(List.of("scored (in the statistics)", Integer.toString(a.cells().size()
                - a.unscored().size())));
        summary.add(List.of("of which diverged (scored on their last good checkpoint, the policy the run leaves)",
                Long.toString(a.cells().stream().filter(RunRecord::diverged).count())));
        summary.add(List.of("not scored (listed below, not in the statistics)",
                Integer.toString(a.unscored().size())));
        summary.add(List.of("bootstrap", a.resamples() + " resamples, seed " + a.seed()
                + ", 95% percentile intervals"));
        t.add(new Table("Inputs", "summary", List.of("", ""), summary));
        if (!a.aggregates().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Aggregate g : a.aggregates().values()) {
                rows.add(List.of(g.label(), g.group().key(), String.join(" ", g.envs()), Integer.toString(g.runs()),
                        withCi(g.iqm()), withCi(g.median()), withCi(g.mean()), withCi(g.optimalityGap())));
            }
            t.add(new Table("Aggregate over envs: normalised scores (0 = random policy, 1 = reference), 95% stratified"
                    + " bootstrap CIs", "aggregate", List.of("policy", "group", "envs", "runs", "IQM", "median",
                            "mean", "optimality gap"), rows));
        }
        if (!a.improvements().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Improvement i : a.improvements()) {
                rows.add(List.of(i.restricted(), i.unrestricted(), String.join(" ", i.envs()),
                        withCi(i.probability())));
            }
            t.add(new Table("Probability that restricted beats unrestricted: P(X > Y) over pairs of runs"
                    + " (Mann-Whitney), averaged over envs, 95% bootstrap CI", "improvement", List.of("restricted X",
                            "unrestricted Y", "envs", "P(X > Y)"), rows));
        }
        return t;
    }

    private Table envTable(String env, Map<String, PolicyEnv> stats) {
        List<List<String>> rows = new ArrayList<>();
        for (PolicyEnv p : stats.values()) {
            String steps = p.steps() == null ? "no threshold"
                    : p.steps().reached() + "/" + p.steps().runs() + " reached"
                            + (p.steps().reached() > 0 ? ", median " + steps(p.steps().medianSteps()) : "");
            rows.add(List.of(p.label(), p.group().key(), Integer.toString(p.n()), Integer.toString(p.diverged()),
                    withCi(p.mean()),
                    withCi(p.median()), withCi(p.iqr()), withCi(p.iqm()), steps,
                    p.parameterCounts().stream().map(String::valueOf).reduce((x, y) -> x + " / " + y).orElse("?")));
        }
        String threshold = Normalization.of(env).map(r -> " (threshold " + fmt(r.reference()) + ": " + r.source()
                + ")").orElse("");
        return new Table(env + ": final evaluation return per policy, 95% bootstrap CIs over seeds", "env-" + env,
                List.of("policy", "group", "n", "of which diverged", "mean", "median", "IQR", "IQM",
                        "env steps to threshold" + threshold,
                        "parameters"), rows);
    }

    private Table cellTable() {
        List<List<String>> rows = new ArrayList<>();
        for (RunRecord c : a.cells()) {
            rows.add(List.of(c.name(), c.env(), c.label(), Long.toString(c.seed()), c.status(), fmt(c.finalReturn()),
                    steps(c.envSteps()), fmt(c.wallSeconds()), c.message()));
        }
        return new Table("Every cell (one row per run directory; results.csv has all columns)", "cells",
                List.of("cell", "env", "policy", "seed", "status", "final return", "env steps", "wall s", "note"),
                rows);
    }

    private Table normalisationTable() {
        List<List<String>> rows = new ArrayList<>();
        for (String env : a.perEnv().keySet()) {
            Optional<Normalization.Range> r = Normalization.of(env);
            rows.add(r.map(x -> List.of(env, fmt(x.random()), fmt(x.reference()), x.source()))
                    .orElse(List.of(env, "–", "–", "not in the table: left out of the aggregate")));
        }
        return new Table("Normalisation: score = (return - random) / (reference - random); random = mean return of"
                + " 100 episodes of uniformly random actions", "normalisation", List.of("env", "random", "reference",
                        "reference source"), rows);
    }

    // ---------------------------------------------------------------- report.md

    private String markdown() {
        StringBuilder s = new StringBuilder("# odetoode report\n\n");
        for (Table t : tables()) {
            mdTable(s, t);
        }
        for (String[] f : figuresOf("")) {
            s.append("![").append(f[1]).append("](").append(f[0]).append(")\n\n");
        }
        a.perEnv().forEach((env, stats) -> {
            s.append("## ").append(env).append("\n\n");
            mdTable(s, envTable(env, stats));
            for (String[] f : figuresOf(env)) {
                s.append("![").append(f[1]).append("](").append(f[0]).append(")\n\n");
            }
        });
        s.append("## Cells\n\n");
        mdTable(s, cellTable());
        mdTable(s, normalisationTable());
        return s.toString();
    }

    // ---------------------------------------------------------------- index.html

    private String html() {
        StringBuilder s = new StringBuilder();
        ReportPage.htmlHead(s, "odetoode report");
        s.append("<p>Inputs: ").append(esc(String.join(", ", inputs.stream().map(Path::toString).toList())))
                .append(". Statistics after Agarwal et al. (NeurIPS 2021): interquartile mean, stratified bootstrap"
                        + " confidence intervals, performance profiles, probability of improvement.</p>\n");
        for (Table t : tables()) {
            htmlTable(s, t, null);
        }
        for (String[] f : figuresOf("")) {
            htmlFigure(s, out, f);
        }
        a.perEnv().forEach((env, stats) -> {
            s.append("<h2 id=\"").append(esc(env)).append("\">").append(esc(env)).append("</h2>\n");
            htmlTable(s, envTable(env, stats), stats.values().stream().map(p -> p.group().key()).toList());
            for (String[] f : figuresOf(env)) {
                htmlFigure(s, out, f);
            }
        });
        s.append("<h2 id=\"cells\">Cells</h2>\n");
        htmlTable(s, cellTable(), a.cells().stream().map(RunRecord::status).toList());
        htmlTable(s, normalisationTable(), null);
        s.append("</body>\n</html>\n");
        return s.toString();
    }
}
