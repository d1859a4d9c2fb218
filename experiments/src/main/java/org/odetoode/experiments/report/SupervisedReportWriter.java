package org.odetoode.experiments.report;

import static org.odetoode.experiments.report.ReportPage.csvLine;
import static org.odetoode.experiments.report.ReportPage.esc;
import static org.odetoode.experiments.report.ReportPage.estimateJson;
import static org.odetoode.experiments.report.ReportPage.finiteOrNull;
import static org.odetoode.experiments.report.ReportPage.fmt;
import static org.odetoode.experiments.report.ReportPage.htmlFigure;
import static org.odetoode.experiments.report.ReportPage.htmlTable;
import static org.odetoode.experiments.report.ReportPage.log10;
import static org.odetoode.experiments.report.ReportPage.mdTable;
import static org.odetoode.experiments.report.ReportPage.num;
import static org.odetoode.experiments.report.ReportPage.withCi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.odetoode.experiments.report.Analysis.Curve;
import org.odetoode.experiments.report.Analysis.EnvCurves;
import org.odetoode.experiments.report.Analysis.Estimate;
import org.odetoode.experiments.report.ReportPage.Table;
import org.odetoode.experiments.report.SupervisedAnalysis.Improvement;
import org.odetoode.experiments.report.SupervisedAnalysis.LabelStats;

/**
 * Writes the report of supervised runs into a report directory, with the files and page of {@link ReportWriter}:
 * PNG figures, {@code report.json}, {@code results.csv} (one row per run, one column per corruption), {@code report.md}
 * and a static {@code index.html}.
 */
public final class SupervisedReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CI = "95% bootstrap CI over seeds";

    private final SupervisedAnalysis a;
    private final Path out;
    private final List<Path> inputs;
    private final Map<String, RunRecord.Group> groups = new LinkedHashMap<>();
    private final Map<String, Color> colours;
    /** Per dataset ("" for the whole report): {file, caption} in page order. */
    private final Map<String, List<String[]>> figures = new LinkedHashMap<>();

    private SupervisedReportWriter(SupervisedAnalysis a, Path out, List<Path> inputs) {
        this.a = a;
        this.out = out;
        this.inputs = inputs;
        a.perDataset().values().forEach(m -> m.values().forEach(p -> groups.putIfAbsent(p.label(), p.group())));
        Map<String, RunRecord.Group> ordered = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> ordered.put(e.getKey(),
                e.getValue()));
        this.colours = Plots.colours(ordered);
    }

    /** Writes the report of {@code a} (read from {@code inputs}) into {@code out}; returns report.json's content. */
    public static Map<String, Object> write(SupervisedAnalysis a, Path out, List<Path> inputs) {
        SupervisedReportWriter w = new SupervisedReportWriter(a, out, inputs);
        try {
            Files.createDirectories(out);
            w.figures();
            Map<String, Object> json = w.json();
            JSON.writeValue(out.resolve(ReportWriter.JSON_FILE).toFile(), json);
            Files.writeString(out.resolve("results.csv"), w.csv());
            Files.writeString(out.resolve("report.md"), w.markdown());
            Files.writeString(out.resolve(ReportWriter.HTML_FILE), w.html());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- figures

    private void figures() {
        a.perDataset().forEach((dataset, stats) -> {
            List<Plots.Row> rows = new ArrayList<>();
            Map<String, Color> rowColours = new LinkedHashMap<>();
            for (LabelStats p : stats.values()) {
                rows.add(new Plots.Row(p.label() + ": clean", p.group(), p.cleanMean().value(),
                        p.cleanMean().ci95().lo(), p.cleanMean().ci95().hi(), p.clean()));
                rows.add(new Plots.Row(p.label() + ": corrupted", p.group(), p.corruptedMean().value(),
                        p.corruptedMean().ci95().lo(), p.corruptedMean().ci95().hi(), p.meanCorrupted()));
                rowColours.put(p.label() + ": clean", colours.get(p.label()));
                rowColours.put(p.label() + ": corrupted", colours.get(p.label()));
            }
            figure(dataset, dataset + "-accuracy.png", "Clean and mean corrupted test accuracy: mean (diamond) with "
                    + CI + " (bar), one dot per seed", f -> Plots.intervals(f, dataset + ": test accuracy",
                            "fraction of the test set classified right", rows, rowColours, Double.NaN));
            List<String> ids = corruptionIds(stats);
            if (!ids.isEmpty()) {
                Map<String, double[]> mean = new LinkedHashMap<>();
                Map<String, double[]> lo = new LinkedHashMap<>();
                Map<String, double[]> hi = new LinkedHashMap<>();
                stats.forEach((label, p) -> {
                    mean.put(label, ids.stream().mapToDouble(id -> at(p, id).value()).toArray());
                    lo.put(label, ids.stream().mapToDouble(id -> at(p, id).ci95().lo()).toArray());
                    hi.put(label, ids.stream().mapToDouble(id -> at(p, id).ci95().hi()).toArray());
                });
                figure(dataset, dataset + "-corruptions.png", "Accuracy per MNIST-C corruption: mean over seeds"
                        + " (bar), whisker covering the " + CI, f -> Plots.bars(f, dataset + ": accuracy per"
                                + " corruption", "fraction classified right", ids, mean, lo, hi, colours));
            }
            a.curves().getOrDefault(dataset, Map.of()).forEach((name, c) -> {
                if (name.startsWith("gradient norm ") && name.endsWith(".b")) {
                    return; // the biases' norms are in the gradient table; a figure each would bury the weights'
                }
                boolean drift = name.equals("orthogonality drift");
                Map<String, Curve> shown = drift ? logCurves(c) : c.byLabel();
                String file = dataset + "-" + name.replace(' ', '-').replace('/', '-') + ".png";
                figure(dataset, file, (drift ? "Orthogonality drift of the ODE blocks: log10 of the mean over seeds"
                        + " (values below 1e-18 shown at -18)" : "Per epoch: " + name + ", mean over seeds with 95%"
                        + " bootstrap band"), f -> Plots.curves(f, dataset + ": " + name, "epoch", Plots.EPOCHS,
                                drift ? "log10 " + c.metric() : c.metric(), Plots.YAxis.LINEAR, shown, groups,
                                colours));
            });
        });
        if (!a.improvements().isEmpty()) {
            List<Plots.Row> rows = a.improvements().stream().map(i -> new Plots.Row(i.restricted() + " > "
                    + i.unrestricted() + " (" + i.metric() + ")", RunRecord.Group.RESTRICTED,
                    i.probability().value(), i.probability().ci95().lo(), i.probability().ci95().hi(), null))
                    .toList();
            Map<String, Color> c = new LinkedHashMap<>();
            rows.forEach(r -> c.put(r.name(), colours.getOrDefault(r.name().split(" > ")[0], Color.BLUE)));
            figure("", "probability-of-improvement.png", "Probability that a restricted run beats an unrestricted"
                    + " one (Mann-Whitney over pairs of runs, averaged over datasets), with 95% bootstrap CI",
                    f -> Plots.intervals(f, "P(restricted > unrestricted)", "probability (0.5 = no difference)", rows,
                            c, 0.5));
        }
    }

    private static Map<String, Curve> logCurves(EnvCurves c) {
        Map<String, Curve> log = new LinkedHashMap<>();
        c.byLabel().forEach((label, cv) -> log.put(label, new Curve(cv.x(), log10(cv.mean()), log10(cv.lo()),
                log10(cv.hi()), cv.runs())));
        return log;
    }

    private static Estimate at(LabelStats p, String id) {
        Estimate e = p.corrupted().get(id);
        return e != null ? e : new Estimate(Double.NaN, new Stats.Interval(Double.NaN, Double.NaN));
    }

    private static List<String> corruptionIds(Map<String, LabelStats> stats) {
        Set<String> ids = new LinkedHashSet<>();
        stats.values().forEach(p -> ids.addAll(p.corrupted().keySet()));
        return List.copyOf(ids);
    }

    private void figure(String dataset, String file, String caption, Consumer<Path> draw) {
        draw.accept(out.resolve(file));
        figures.computeIfAbsent(dataset, k -> new ArrayList<>()).add(new String[] {file, caption});
    }

    private List<String[]> figuresOf(String dataset) {
        return figures.getOrDefault(dataset, List.of());
    }

    // ---------------------------------------------------------------- report.json

    private Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", "supervised");
        j.put("inputs", inputs.stream().map(Path::toString).toList());
        j.put("cells", a.cells().size());
        j.put("scored", a.cells().size() - a.unscored().size());
        j.put("unscored", a.unscored().stream().map(c -> Map.of("cell", c.name(), "dir", c.dir().toString(),
                "status", c.status(), "message", c.message())).toList());
        j.put("bootstrap", Map.of("resamples", a.resamples(), "seed", a.seed(), "interval",
                "95% percentile (2.5% and 97.5% quantiles, linear interpolation)"));
        Map<String, Object> datasets = new LinkedHashMap<>();
        a.perDataset().forEach((dataset, stats) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            Map<String, Object> policies = new LinkedHashMap<>();
            stats.forEach((label, p) -> policies.put(label, labelJson(p)));
            d.put("policies", policies);
            Map<String, Object> curves = new LinkedHashMap<>();
            a.curves().getOrDefault(dataset, Map.of()).forEach((name, c) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("y", c.metric());
                c.byLabel().forEach((label, cv) -> m.put(label, Map.of("epoch", cv.x(), "mean", cv.mean(),
                        "ci95_lo", cv.lo(), "ci95_hi", cv.hi(), "n", cv.runs())));
                curves.put(name, m);
            });
            d.put("curves", curves);
            d.put("figures", figuresOf(dataset).stream().map(f -> f[0]).toList());
            datasets.put(dataset, d);
        });
        j.put("datasets", datasets);
        j.put("probability_of_improvement", a.improvements().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("restricted", i.restricted());
            m.put("unrestricted", i.unrestricted());
            m.put("metric", i.metric());
            m.put("datasets", i.datasets());
            m.put("probability", estimateJson(i.probability()));
            return m;
        }).toList());
        j.put("figures", figuresOf("").stream().map(f -> f[0]).toList());
        return j;
    }

    private static Map<String, Object> labelJson(LabelStats p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", p.group().key());
        m.put("n", p.n());
        m.put("diverged", p.diverged());
        m.put("seeds", p.seeds());
        m.put("clean_accuracy", p.clean());
        m.put("mean_corrupted_accuracy", p.meanCorrupted());
        m.put("clean_mean", estimateJson(p.cleanMean()));
        m.put("clean_iqm", estimateJson(p.cleanIqm()));
        m.put("corrupted_mean", estimateJson(p.corruptedMean()));
        m.put("corrupted_iqm", estimateJson(p.corruptedIqm()));
        m.put("clean_minus_corrupted", estimateJson(p.drop()));
        Map<String, Object> per = new LinkedHashMap<>();
        p.corrupted().forEach((id, e) -> per.put(id, estimateJson(e)));
        m.put("corruption_accuracy", per);
        Map<String, Object> norms = new LinkedHashMap<>();
        p.gradientNorms().forEach((block, e) -> norms.put(block, estimateJson(e)));
        m.put("last_epoch_gradient_norm", norms);
        m.put("last_epoch_orthogonality_drift", p.drift() == null ? null : estimateJson(p.drift()));
        m.put("max_orthogonality_drift", finiteOrNull(p.maxDrift()));
        m.put("last_epoch_train_loss", estimateJson(p.finalTrainLoss()));
        m.put("parameter_count", p.parameterCounts().size() == 1 ? p.parameterCounts().get(0) : p.parameterCounts());
        m.put("mean_wall_seconds", finiteOrNull(p.meanWallSeconds()));
        return m;
    }

    // ---------------------------------------------------------------- results.csv

    private String csv() {
        Set<String> ids = new LinkedHashSet<>();
        a.cells().forEach(c -> ids.addAll(c.corrupted().keySet()));
        List<String> header = new ArrayList<>(List.of("cell", "dataset", "label", "policy", "group", "seed",
                "status", "clean_accuracy", "mean_corrupted_accuracy"));
        ids.forEach(id -> header.add("accuracy_" + id));
        header.addAll(List.of("epochs", "last_train_loss", "last_orthogonality_drift", "wall_seconds",
                "parameter_count", "message", "dir"));
        StringBuilder s = new StringBuilder(csvLine(header));
        for (SupervisedRecord c : a.cells()) {
            SupervisedRecord.Epoch last = c.history().isEmpty() ? null : c.history().get(c.history().size() - 1);
            List<String> v = new ArrayList<>(List.of(c.name(), c.dataset(), c.label(), c.policy(), c.group().key(),
                    Long.toString(c.seed()), c.status(), num(c.clean()), num(c.meanCorrupted())));
            ids.forEach(id -> v.add(c.corrupted().containsKey(id) ? num(c.corrupted().get(id)) : ""));
            v.addAll(List.of(Integer.toString(c.epochs()), last == null ? "" : num(last.trainLoss()),
                    last == null ? "" : num(last.drift()), num(c.wallSeconds()),
                    c.parameterCount() < 0 ? "" : Long.toString(c.parameterCount()), c.message(),
                    c.dir().toString()));
            s.append(csvLine(v));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- tables

    private List<Table> tables() {
        List<Table> t = new ArrayList<>();
        List<List<String>> summary = new ArrayList<>();
        summary.add(List.of("runs read", Integer.toString(a.cells().size())));
        summary.add(List.of("scored (in the statistics)", Integer.toString(a.cells().size() - a.unscored().size())));
        summary.add(List.of("of which diverged (scored on their last good epoch's checkpoint)",
                Long.toString(a.cells().stream().filter(SupervisedRecord::diverged).count())));
        summary.add(List.of("not scored (listed below, not in the statistics)",
                Integer.toString(a.unscored().size())));
        summary.add(List.of("with a per-epoch history (the tracker's: curves and gradient health; none under"
                + " --track disabled)", Long.toString(a.cells().stream().filter(c -> !c.history().isEmpty()).count())));
        summary.add(List.of("bootstrap", a.resamples() + " resamples, seed " + a.seed()
                + ", 95% percentile intervals"));
        t.add(new Table("Inputs", "summary", List.of("", ""), summary));
        if (!a.improvements().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (Improvement i : a.improvements()) {
                rows.add(List.of(i.restricted(), i.unrestricted(), i.metric(), String.join(" ", i.datasets()),
                        withCi(i.probability())));
            }
            t.add(new Table("Probability that restricted beats unrestricted: P(X > Y) over pairs of runs"
                    + " (Mann-Whitney), averaged over datasets, 95% bootstrap CI", "improvement",
                    List.of("restricted X", "unrestricted Y", "accuracy", "datasets", "P(X > Y)"), rows));
        }
        return t;
    }

    private static Table accuracyTable(String dataset, Map<String, LabelStats> stats) {
        List<List<String>> rows = new ArrayList<>();
        for (LabelStats p : stats.values()) {
            rows.add(List.of(p.label(), p.group().key(), Integer.toString(p.n()), Integer.toString(p.diverged()),
                    withCi(p.cleanMean()), withCi(p.cleanIqm()), withCi(p.corruptedMean()), withCi(p.corruptedIqm()),
                    withCi(p.drop()), withCi(p.finalTrainLoss()), p.parameterCounts().stream().map(String::valueOf)
                            .reduce((x, y) -> x + " / " + y).orElse("?"), fmt(p.meanWallSeconds())));
        }
        return new Table(dataset + ": test accuracy per policy (fraction right), " + CI, "accuracy-" + dataset,
                List.of("policy", "group", "n", "of which diverged", "clean mean", "clean IQM",
                        "mean corrupted: mean", "mean corrupted: IQM", "clean - corrupted", "last train loss",
                        "parameters", "wall s"), rows);
    }

    private static Table corruptionTable(String dataset, Map<String, LabelStats> stats) {
        List<String> header = new ArrayList<>(List.of("corruption"));
        header.addAll(stats.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String id : corruptionIds(stats)) {
            List<String> row = new ArrayList<>(List.of(id));
            stats.values().forEach(p -> row.add(p.corrupted().containsKey(id) ? withCi(p.corrupted().get(id)) : "–"));
            rows.add(row);
        }
        List<String> mean = new ArrayList<>(List.of("mean over corruptions"));
        stats.values().forEach(p -> mean.add(withCi(p.corruptedMean())));
        rows.add(mean);
        List<String> clean = new ArrayList<>(List.of("clean (no corruption)"));
        stats.values().forEach(p -> clean.add(withCi(p.cleanMean())));
        rows.add(clean);
        return new Table(dataset + ": accuracy per MNIST-C corruption (mean over seeds, " + CI + ")",
                "corruptions-" + dataset, header, rows);
    }

    private static Table gradientTable(String dataset, Map<String, LabelStats> stats) {
        Set<String> blocks = new LinkedHashSet<>();
        stats.values().forEach(p -> blocks.addAll(p.gradientNorms().keySet()));
        List<String> header = new ArrayList<>(List.of("policy", "drift, last epoch", "drift, max over epochs"));
        blocks.forEach(b -> header.add("||grad|| " + b));
        List<List<String>> rows = new ArrayList<>();
        for (LabelStats p : stats.values()) {
            List<String> row = new ArrayList<>(List.of(p.label(), p.drift() == null ? "–" : withCi(p.drift()),
                    fmt(p.maxDrift())));
            blocks.forEach(b -> row.add(p.gradientNorms().containsKey(b) ? withCi(p.gradientNorms().get(b)) : "–"));
            rows.add(row);
        }
        return new Table(dataset + ": gradient health in the last epoch: orthogonality drift max_k ||W_k^T W_k - I||_F"
                + " of the ODE block, and per parameter block the gradient norm (mean over the epoch's minibatches);"
                + " mean over seeds, " + CI, "gradients-" + dataset, header, rows);
    }

    private Table cellTable() {
        List<List<String>> rows = new ArrayList<>();
        for (SupervisedRecord c : a.cells()) {
            rows.add(List.of(c.name(), c.dataset(), c.label(), Long.toString(c.seed()), c.status(), fmt(c.clean()),
                    fmt(c.meanCorrupted()), Integer.toString(c.epochs()), fmt(c.wallSeconds()), c.message()));
        }
        return new Table("Every run (one row per run directory; results.csv has all columns)", "cells",
                List.of("cell", "dataset", "policy", "seed", "status", "clean accuracy", "mean corrupted",
                        "epochs", "wall s", "note"), rows);
    }

    private List<Table> datasetTables(String dataset, Map<String, LabelStats> stats) {
        return List.of(accuracyTable(dataset, stats), corruptionTable(dataset, stats), gradientTable(dataset, stats));
    }

    // ---------------------------------------------------------------- report.md and index.html

    private String markdown() {
        StringBuilder s = new StringBuilder("# odetoode supervised report\n\n");
        tables().forEach(t -> mdTable(s, t));
        figuresOf("").forEach(f -> s.append("![").append(f[1]).append("](").append(f[0]).append(")\n\n"));
        a.perDataset().forEach((dataset, stats) -> {
            s.append("## ").append(dataset).append("\n\n");
            datasetTables(dataset, stats).forEach(t -> mdTable(s, t));
            figuresOf(dataset).forEach(f -> s.append("![").append(f[1]).append("](").append(f[0]).append(")\n\n"));
        });
        s.append("## Runs\n\n");
        mdTable(s, cellTable());
        return s.toString();
    }

    private String html() {
        StringBuilder s = new StringBuilder();
        ReportPage.htmlHead(s, "odetoode supervised report");
        s.append("<p>Inputs: ").append(esc(String.join(", ", inputs.stream().map(Path::toString).toList())))
                .append(". Image classifiers whose block is a policy of the family, scored on the clean test set and"
                        + " on the 15 MNIST-C corruptions of it (Mu and Gilmer, 2019); intervals are percentile"
                        + " bootstraps over seeds (Agarwal et al., NeurIPS 2021).</p>\n");
        tables().forEach(t -> htmlTable(s, t, null));
        figuresOf("").forEach(f -> htmlFigure(s, out, f));
        a.perDataset().forEach((dataset, stats) -> {
            s.append("<h2 id=\"").append(esc(dataset)).append("\">").append(esc(dataset)).append("</h2>\n");
            List<String> classes = stats.values().stream().map(p -> p.group().key()).toList();
            List<Table> tables = datasetTables(dataset, stats);
            htmlTable(s, tables.get(0), classes);
            htmlTable(s, tables.get(1), null);
            htmlTable(s, tables.get(2), classes);
            figuresOf(dataset).forEach(f -> htmlFigure(s, out, f));
        });
        s.append("<h2 id=\"cells\">Runs</h2>\n");
        htmlTable(s, cellTable(), a.cells().stream().map(SupervisedRecord::status).toList());
        s.append("</body>\n</html>\n");
        return s.toString();
    }
}
