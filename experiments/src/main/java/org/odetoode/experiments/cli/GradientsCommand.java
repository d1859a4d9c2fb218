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
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odetoode.experiments.gradients.Report;
import org.odetoode.experiments.gradients.Studies;
import org.odetoode.experiments.gradients.Study;
import org.odetoode.experiments.gradients.StudyContext;
import org.odetoode.modules.policy.Policies;
import picocli.CommandLine;
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
                + "research note), trained (D1 and saturation of trained runs against their initial networks).",
            "--set takes the study's own keys and any hyperparameter of the chosen policies (both listed below, with "
                + "their defaults); summary.json records the values used.",
            "Exit codes: 0 done (points where an unrestricted flow diverged are marked in the plots), 1 a NaN in a "
                + "computed result (reported, the rest written), 2 bad input."})
public final class GradientsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "The study to run (see above).")
    String study;

    @Option(names = "--policy", split = ",", paramLabel = "NAME",
            description = "Policies to study, repeatable or comma-separated (default: odetoode,odetoode-unrestricted); "
                    + "for trained, the policies whose runs it reads (default: every run with a flow); meanfield and "
                    + "counterexamples build their own networks and ignore it.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--run", paramLabel = "DIR",
            description = "For study trained, repeatable: a run directory (train's, or a suite's cells/NAME) or a folder "
                    + "with run directories at any depth (a suite's output), whose runs with a flow it reads.")
    List<Path> runs = new ArrayList<>();

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

    /** The policies studied when --policy is not given. */
    static final List<String> DEFAULT_POLICIES = List.of("odetoode", "odetoode-unrestricted");

    /** The examples of --help; GradientsHelpTest parses each and checks its keys against the study. */
    static final List<String> EXAMPLES = List.of(
            "odetoode gradients spectrum --set d=8 --set T=2",
            "odetoode gradients gsc --policy odetoode,baseode --set probes=8",
            "odetoode gradients depth-sweep --set depths=1,10,100 --set horizons=1,2",
            "odetoode gradients counterexamples --out runs/ce --json",
            "odetoode gradients trained --run runs/halfcheetah --policy odetoode,odetoode-unrestricted --set probes=8");

    @Override
    public Integer call() {
        StudyContext ctx = context();
        Study s = ctx.study();
        Path dir = out != null ? out : Path.of("runs", "gradients", s.name());
        checkOutput(dir);
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
                    + diverged.get(0) + "; they are marked in the plots and listed in summary.json");
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

    /**
     * The study with its settings, the policies' hyperparameters and the seed, checked: an unknown study, policy or
     * {@code --set} key fails here, before anything is computed or written.
     */
    StudyContext context() {
        Study s = Studies.get(study);
        List<String> chosen = policies.isEmpty() && !s.usesRuns() ? DEFAULT_POLICIES : policies;
        chosen.forEach(Policies::hyperparameters); // an unknown name fails here, with a suggestion
        return new StudyContext(s, s.usesPolicies() || s.usesRuns() ? chosen : List.of(), runs, sets, seed);
    }

    /**
     * Adds to {@code gradients --help} what no annotation can hold: each study's own keys with their defaults, the
     * policy keys and the defaults each study changes, and the examples.
     */
    static void describeStudies(CommandLine gradients) {
        gradients.getHelpSectionMap().put(STUDY_KEYS, GradientsCommand::studyKeys);
        List<String> sections = new ArrayList<>(gradients.getHelpSectionKeys());
        sections.add(sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), STUDY_KEYS);
        gradients.setHelpSectionKeys(sections);
    }

    private static final String STUDY_KEYS = "studyKeys";

    private static String studyKeys(CommandLine.Help help) {
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(20, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(60, 1, CommandLine.Help.Column.Overflow.WRAP));
        for (String name : Studies.names()) {
            Study s = Studies.get(name);
            List<String> keys = new ArrayList<>();
            s.settings().forEach(k -> keys.add(k.key() + "=" + k.defaultValue() + ": " + k.description()));
            if (s.usesPolicies()) {
                keys.add(String.join(", ", StudyContext.COMMON.stream().map(k -> k.key() + "=" + k.defaultValue())
                        .toList()) + " and the policy keys" + (s.policyDefaults().isEmpty() ? ""
                        : ", with " + String.join(", ", new TreeMap<>(s.policyDefaults()).entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).toList()) + " unless set"));
            } else if (s.usesRuns()) {
                keys.add("(reads the networks of --run DIR: no policy keys)");
            } else {
                keys.add("(builds its own networks: no policy keys)");
            }
            table.addRowValues(name, keys.get(0));
            keys.subList(1, keys.size()).forEach(k -> table.addRowValues("", k));
        }
        CommandLine.Help.TextTable policyKeys = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
                new CommandLine.Help.Column(24, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(56, 1, CommandLine.Help.Column.Overflow.WRAP));
        for (String policy : Policies.NAMES) {
            List<String> keys = Policies.hyperparameters(policy).stream().map(h -> h.key() + "=" + h.defaultValue())
                    .toList();
            if (keys.stream().anyMatch(k -> k.startsWith("T="))) { // the studies need a flow over [0, T]
                policyKeys.addRowValues(policy, String.join(", ", keys));
            }
        }
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(nl + "Study keys for --set (KEY=default: meaning):" + nl).append(table)
                .append(nl).append("Policy keys for --set (KEY=default; the studies need a policy with a flow):").append(nl).append(policyKeys)
                .append(nl).append("Examples:").append(nl);
        EXAMPLES.forEach(e -> text.append("  ").append(e).append(nl));
        return text.toString();
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
