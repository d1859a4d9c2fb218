package org.odetoode.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odetoode.experiments.report.Analysis;
import org.odetoode.experiments.report.RunRecord;
import org.odetoode.experiments.report.RunReader;
import org.odetoode.experiments.report.ReportWriter;
import org.odetoode.experiments.report.Stats;
import org.odetoode.experiments.report.SupervisedAnalysis;
import org.odetoode.experiments.report.SupervisedRecord;
import org.odetoode.experiments.report.SupervisedReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode report DIR... --out REPORT_DIR}: the statistics of a comparison over run directories (a suite's
 * cells, or any runs), written as PNG figures, report.json, results.csv, report.md and a static index.html.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Report on run directories: per env and policy the final return (mean, median, IQR, IQM with "
                + "95%% bootstrap CIs), env steps to threshold and parameter count; across envs normalised scores "
                + "(IQM with stratified bootstrap CIs), performance profiles and P(restricted > unrestricted) "
                + "(Agarwal et al., NeurIPS 2021); learning curves, infeasible candidates and orthogonality drift.",
            "DIR is a run directory (it holds config.yaml) or any folder with run directories at any depth, e.g. a "
                + "suite's output. Cells that did not complete are counted and listed, never left out silently.",
            "Writes PNG figures, report.json (every number shown), results.csv (one row per cell), report.md and "
                + "index.html (self-contained: open it from the file system).",
            "Supervised runs (a supervised suite's cells, or `supervised train` run directories with eval.json) get"
                + " their own report: clean and mean corrupted test accuracy (mean and IQM with 95%% bootstrap CIs"
                + " over seeds), accuracy per corruption, P(restricted > unrestricted), curves over epochs of loss,"
                + " test accuracy, gradient norm per block and orthogonality drift.",
            "Exit codes: 0 written, 1 no completed cell to report (the listing is still written), 2 bad input."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Suite or run directories.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "REPORT_DIR",
            description = "Output folder (default: DIR/report for one DIR); it must be new, empty or an earlier"
                    + " report.")
    Path out;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "" + Stats.DEFAULT_RESAMPLES,
            description = "Bootstrap resamples per interval (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}); the same inputs and seed give the same"
                    + " numbers.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line: per env and policy n, mean,"
            + " ci95 [lo, hi], and the aggregates.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resamples < 100) {
            throw new IllegalArgumentException("--bootstrap " + resamples + " is too few for 95% intervals;"
                    + " use at least 100 (default " + Stats.DEFAULT_RESAMPLES + ")");
        }
        Path dir = out;
        if (dir == null) {
            if (dirs.size() != 1) {
                throw new IllegalArgumentException("--out is required with several DIRs; e.g. --out report");
            }
            dir = dirs.get(0).resolve("report");
        }
        checkOutput(dir);
        long start = System.nanoTime();
        List<Path> runs = RunReader.find(dirs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No run directory (a folder holding config.yaml) in " + dirs
                    + "; give a suite's output folder or run directories");
        }
        List<Path> supervised = runs.stream().filter(SupervisedRecord::isSupervised).toList();
        if (!supervised.isEmpty()) {
            if (supervised.size() != runs.size()) {
                throw new IllegalArgumentException(dirs + " mixes supervised runs (" + supervised.get(0) + ") with RL"
                        + " runs; report each kind on its own");
            }
            return supervised(supervised, dir, start, stdout, err);
        }
        List<RunRecord> cells = runs.stream().map(RunReader::read).toList();
        Analysis analysis = Analysis.of(cells, resamples, seed);
        ReportWriter.write(analysis, dir, dirs);
        double seconds = (System.nanoTime() - start) * 1e-9;
        int scored = cells.size() - analysis.unscored().size();
        err.printf("report of %d cells (%d scored, %d not: %s) in %.1f s: %s%n", cells.size(), scored,
                analysis.unscored().size(), analysis.unscored().isEmpty() ? "none"
                        : String.join(", ", analysis.unscored().stream().map(c -> c.name() + " " + c.status())
                                .toList()), seconds, dir.resolve(ReportWriter.HTML_FILE));
        analysis.perEnv().forEach((env, stats) -> stats.forEach((label, p) -> err.printf(
                "  %-26s %-28s n=%-3d mean %.2f [%.2f, %.2f]  IQM %.2f%s%n", env, label, p.n(), p.mean().value(),
                p.mean().ci95().lo(), p.mean().ci95().hi(), p.iqm().value(),
                p.diverged() > 0 ? "  (" + p.diverged() + " diverged)" : "")));
        analysis.improvements().forEach(i -> err.printf("  P(%s > %s) = %.3f [%.3f, %.3f] over %d envs%n",
                i.restricted(), i.unrestricted(), i.probability().value(), i.probability().ci95().lo(),
                i.probability().ci95().hi(), i.envs().size()));
        err.flush();
        if (json) {
            stdout.println(Json.line(summary(analysis, dir, seconds)));
        }
        stdout.flush();
        return scored == 0 ? OdeToOdeCli.FAILED : 0;
    }

    /** The report of supervised runs: accuracies clean and corrupted, per corruption, gradient health, curves. */
    private int supervised(List<Path> runs, Path dir, long start, PrintWriter stdout, PrintWriter err) {
        List<SupervisedRecord> cells = runs.stream().map(SupervisedRecord::read).toList();
        SupervisedAnalysis analysis = SupervisedAnalysis.of(cells, resamples, seed);
        SupervisedReportWriter.write(analysis, dir, dirs);
        double seconds = (System.nanoTime() - start) * 1e-9;
        int scored = cells.size() - analysis.unscored().size();
        err.printf("report of %d supervised runs (%d scored, %d not: %s) in %.1f s: %s%n", cells.size(), scored,
                analysis.unscored().size(), analysis.unscored().isEmpty() ? "none"
                        : String.join(", ", analysis.unscored().stream().map(c -> c.name() + " " + c.status())
                                .toList()), seconds, dir.resolve(ReportWriter.HTML_FILE));
        analysis.perDataset().forEach((dataset, stats) -> stats.forEach((label, p) -> err.printf(
                "  %-14s %-28s n=%-3d clean %.4f [%.4f, %.4f]  corrupted %.4f [%.4f, %.4f]%s%n", dataset, label,
                p.n(), p.cleanMean().value(), p.cleanMean().ci95().lo(), p.cleanMean().ci95().hi(),
                p.corruptedMean().value(), p.corruptedMean().ci95().lo(), p.corruptedMean().ci95().hi(),
                p.diverged() > 0 ? "  (" + p.diverged() + " diverged)" : "")));
        analysis.improvements().forEach(i -> err.printf("  P(%s > %s) on %s = %.3f [%.3f, %.3f]%n", i.restricted(),
                i.unrestricted(), i.metric(), i.probability().value(), i.probability().ci95().lo(),
                i.probability().ci95().hi()));
        err.flush();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("report_dir", dir.toString());
            j.put("kind", "supervised");
            j.put("cells", cells.size());
            j.put("scored", scored);
            j.put("unscored", analysis.unscored().stream().map(c -> c.name() + ": " + c.status()
                    + (c.message().isEmpty() ? "" : " (" + c.message() + ")")).toList());
            Map<String, Object> datasets = new LinkedHashMap<>();
            analysis.perDataset().forEach((dataset, stats) -> {
                Map<String, Object> policies = new LinkedHashMap<>();
                stats.forEach((label, p) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("group", p.group().key());
                    m.put("n", p.n());
                    m.put("diverged", p.diverged());
                    m.put("clean_accuracy", p.cleanMean().value());
                    m.put("clean_ci95", p.cleanMean().ci95().pair());
                    m.put("mean_corrupted_accuracy", p.corruptedMean().value());
                    m.put("mean_corrupted_ci95", p.corruptedMean().ci95().pair());
                    policies.put(label, m);
                });
                datasets.put(dataset, policies);
            });
            j.put("datasets", datasets);
            j.put("probability_of_improvement", analysis.improvements().stream().map(i -> Map.of("restricted",
                    i.restricted(), "unrestricted", i.unrestricted(), "metric", i.metric(), "p",
                    i.probability().value(), "ci95", i.probability().ci95().pair())).toList());
            j.put("seconds", seconds);
            stdout.println(Json.line(j));
        }
        stdout.flush();
        return scored == 0 ? OdeToOdeCli.FAILED : 0;
    }

    private static Map<String, Object> summary(Analysis a, Path dir, double seconds) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("report_dir", dir.toString());
        j.put("cells", a.cells().size());
        j.put("scored", a.cells().size() - a.unscored().size());
        j.put("unscored", a.unscored().stream().map(c -> c.name() + ": " + c.status()
                + (c.message().isEmpty() ? "" : " (" + c.message() + ")")).toList());
        Map<String, Object> envs = new LinkedHashMap<>();
        a.perEnv().forEach((env, stats) -> {
            Map<String, Object> policies = new LinkedHashMap<>();
            stats.forEach((label, p) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", p.group().key());
                m.put("n", p.n());
                m.put("diverged", p.diverged());
                m.put("mean", p.mean().value());
                m.put("ci95", new double[] {p.mean().ci95().lo(), p.mean().ci95().hi()});
                m.put("iqm", p.iqm().value());
                m.put("iqm_ci95", new double[] {p.iqm().ci95().lo(), p.iqm().ci95().hi()});
                m.put("parameter_count", p.parameterCounts());
                policies.put(label, m);
            });
            envs.put(env, policies);
        });
        j.put("envs", envs);
        Map<String, Object> agg = new LinkedHashMap<>();
        a.aggregates().forEach((label, g) -> agg.put(label, Map.of("iqm", g.iqm().value(), "iqm_ci95",
                new double[] {g.iqm().ci95().lo(), g.iqm().ci95().hi()}, "n", g.runs(), "envs", g.envs())));
        j.put("aggregate_normalised", agg);
        j.put("probability_of_improvement", a.improvements().stream().map(i -> Map.of("restricted", i.restricted(),
                "unrestricted", i.unrestricted(), "p", i.probability().value(), "ci95",
                new double[] {i.probability().ci95().lo(), i.probability().ci95().hi()})).toList());
        j.put("seconds", seconds);
        return j;
    }

    /**
     * The output folder may be new, empty, or hold only report files (an earlier report, rewritten); nothing else is
     * touched.
     */
    private static void checkOutput(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; give a folder for the report");
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (!s.allMatch(f -> Files.isRegularFile(f) && ReportWriter.isReportFile(f.getFileName().toString()))) {
                throw new IllegalArgumentException("--out " + dir + " holds files that are not a report's; give a new"
                        + " or empty folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
