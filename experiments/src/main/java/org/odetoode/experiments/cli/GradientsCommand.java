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
import org.odetoode.experiments.gradients.Report;
import org.odetoode.experiments.gradients.Studies;
import org.odetoode.experiments.gradients.Study;
import org.odetoode.experiments.gradients.StudyContext;
import org.odetoode.modules.policy.Policies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode gradients STUDY}: one gradient study of issue 6 (diagnostics of
 * shared/research/gradient-diagnostics.md), written as PNG plots, {@code STUDY.csv} with every plotted number and
 * {@code summary.json} with the headline numbers and how each was computed.
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = {"Run a gradient study of ODEtoODE policies and write PNG plots, a CSV of every plotted number "
                + "and summary.json (headline numbers and how each was computed).",
            "Studies: spectrum (D1, D2), gsc (D3), meanfield (D4), slices (D5), lyapunov (D6), norms (D8), "
                + "es-vs-backprop (D10), depth-sweep (D1 and D3 over N and T), counterexamples (the five of the "
                + "research note).",
            "--set takes the study's own keys (listed in summary.json under settings) and any hyperparameter of the "
                + "chosen policies, e.g. --set probes=8 --set d=16.",
            "Exit codes: 0 done (points where an unrestricted flow diverged are reported as gaps), 1 a NaN in a computed "
                + "result (reported, the rest written), 2 bad input."})
public final class GradientsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "The study to run (see above).")
    String study;

    @Option(names = "--policy", split = ",", paramLabel = "NAME",
            description = "Policies to study, repeatable or comma-separated (default: odetoode,odetoode-unrestricted); "
                    + "meanfield and counterexamples build their own networks and ignore it.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A study setting or policy hyperparameter, repeatable.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/gradients/STUDY).")
    Path out;

    @Option(names = "--force", description = "Write into an output folder that already holds files.")
    boolean force;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw of the study (default: 0).")
    long seed;

    @Option(names = "--json", description = "Print the headline numbers as one JSON object on the last line.")
    boolean json;

    @Override
    public Integer call() {
        Study s = Studies.get(study);
        List<String> chosen = policies.isEmpty() ? List.of("odetoode", "odetoode-unrestricted") : policies;
        chosen.forEach(Policies::hyperparameters); // an unknown name fails here, with a suggestion
        Path dir = out != null ? out : Path.of("runs", "gradients", s.name());
        checkOutput(dir);
        StudyContext ctx = new StudyContext(s, s.usesPolicies() ? chosen : List.of(), sets, seed);
        long start = System.nanoTime();
        s.run(ctx);
        double elapsed = (System.nanoTime() - start) * 1e-9;
        Report report = ctx.report();
        List<Path> files = report.write(dir, elapsed);

        PrintWriter o = spec.commandLine().getOut();
        if (!json) {
            o.printf("%s: %s%n", s.name(), s.summary());
            report.methods().forEach((k, how) -> o.printf("  %-40s %-14s %s%n", k, format(report.headline().get(k)), how));
            o.printf("wrote %d files to %s in %.1f s%n", files.size(), dir, elapsed);
        }
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>(report.headline());
            line.put("elapsed_s", elapsed);
            o.println(Json.line(line));
        }
        o.flush();
        List<String> diverged = report.diverged();
        if (!diverged.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": note: the flow diverged at " + diverged.size() + " point(s), first "
                    + diverged.get(0) + "; they are gaps in the plots and listed in summary.json");
            err.flush();
        }
        List<String> bad = report.nonFinite();
        if (!bad.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": NaN in " + bad.get(0)
                    + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more, listed in summary.json)" : "")
                    + "; everything else was written to " + dir);
            err.flush();
            return OdeToOdeCli.FAILED;
        }
        return 0;
    }

    private void checkOutput(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Output path " + dir + " is a file, not a folder; choose another --out");
        }
        if (Files.isDirectory(dir) && !force) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("Output folder " + dir + " exists and holds other files; pass "
                            + "--force to write into it, or choose another --out");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the output folder " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static String format(Object v) {
        return v instanceof Double d ? String.format("%.4g", d) : String.valueOf(v);
    }
}
