package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.experiments.suite.Cell;
import org.odetoode.experiments.suite.Suite;
import org.odetoode.experiments.suite.SuiteFile;
import org.odetoode.experiments.suite.SuiteTuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code odetoode suite tune FILE.yaml}: random search and successive halving per policy, as suite cells. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune every policy entry of a suite the same way: N settings drawn from a search space,"
            + " run on every env with the tuning seeds; successive halving keeps the best 1/eta of each policy's trials"
            + " for the next rung at eta times the budget, the top rung at the suite's budget.",
            "Writes OUT/tuned.yaml (the suite with each policy's chosen settings, for `suite run`) and"
                + " OUT/tune-report.{json,csv,md} (every trial's settings and scores). Trials are suite cells under"
                + " OUT/trials/rung-K: rerun the same command after Ctrl-C or a crash to continue.",
            "Score: IQM over env x tuning seed of f - 0.5 max(0, b - f), f and b the normalised final and best"
                + " evaluation returns, so settings whose final return holds win.",
            "Options override the file's `tune:` block. Exit 0 when tuned, 1 when stopped before the end."},
        footer = {"", "Example:", "  odetoode suite tune experiments/suites/tune-tiny.yaml --dry-run",
            "  odetoode suite tune experiments/suites/classic.yaml --space experiments/suites/spaces/es-basic.yaml"
                + " --trials 8 --rungs 2 --tune-seeds 100,101,102 --budget-scale 0.25"})
final class SuiteTuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.yaml", description = "The suite file (see experiments/suites/).")
    Path file;

    @Option(names = "--space", paramLabel = "SPACE.yaml", description = "The search space (see"
            + " experiments/suites/spaces/); default: tune.space of the suite file.")
    Path space;

    @Option(names = "--trials", paramLabel = "N", description = "Settings drawn per policy (the same N for each).")
    Integer trials;

    @Option(names = "--rungs", paramLabel = "R", description = "Successive-halving rungs (default 2; 1: random"
            + " search).")
    Integer rungs;

    @Option(names = "--eta", paramLabel = "E", description = "Keep the best 1/E of the trials per rung, E times the"
            + " budget (default 3).")
    Integer eta;

    @Option(names = "--tune-seeds", paramLabel = "S", split = ",", description = "Seeds of the trials' cells,"
            + " disjoint from the suite's seeds.")
    List<Long> tuneSeeds;

    @Option(names = "--budget-scale", paramLabel = "X", description = "Top rung's budget as a share of the suite's"
            + " (default 1).")
    Double budgetScale;

    @Option(names = "--sample-seed", paramLabel = "N", description = "Seed of the draw of the trials (default 0).")
    Long sampleSeed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/NAME-tune).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads for the whole tune (default: all"
            + " cores).")
    int threads;

    @Option(names = "--parallel-cells", paramLabel = "K", description = "Cells trained at a time (default: as many"
            + " as threads).")
    int parallelCells;

    @Option(names = "--track", paramLabel = "MODE", description = "Tracking of every cell: online, offline or"
            + " disabled (default as for train).")
    String track;

    @Option(names = "--dry-run", description = "Check the files and list the trials and rungs; run nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 0 || parallelCells < 0) {
            throw new IllegalArgumentException("--threads and --parallel-cells must be >= 0 (0 = automatic)");
        }
        Suite suite = SuiteFile.read(file);
        if (suite.cells().get(0).isSupervised()) {
            throw new IllegalArgumentException(file + " is a supervised suite (datasets:); `suite tune` tunes RL"
                    + " suites only: set the supervised keys in its `set:` and run it with `suite run`");
        }
        SuiteTuner.Settings s = SuiteTuner.settings(file, suite, new SuiteTuner.Options(space, trials, rungs, eta,
                tuneSeeds, budgetScale, sampleSeed));
        Path dir = out != null ? out : Path.of("runs", suite.name() + "-tune");
        SuiteTuner tuner = new SuiteTuner(file, suite, s, dir);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("suite", suite.name());
        j.put("out", dir.toString());
        j.put("trials", tuner.trials());
        if (dryRun) {
            stdout.printf("tune %s: %d policies x %d trials from %s, %d rung%s (eta %d), tuning seeds %s -> %s%n",
                    suite.name(), tuner.policies().size(), s.trials(), s.space().file(), s.rungs(),
                    s.rungs() == 1 ? "" : "s", s.eta(), s.tuneSeeds(), dir);
            List<Map<String, Object>> rungList = new ArrayList<>();
            for (int k = 0; k < s.rungs(); k++) {
                List<String> budgets = new ArrayList<>();
                int cells = 0;
                for (Cell base : tuner.bases().values().iterator().next()) {
                    budgets.add(base.env() + " " + tuner.budgetAt(base, k));
                }
                for (var bases : tuner.bases().values()) {
                    cells += bases.size() * s.tuneSeeds().size() * tuner.trialsAt(k);
                }
                stdout.printf("rung %d: %d trial%s per policy, %d cells, budget %s%n", k, tuner.trialsAt(k),
                        tuner.trialsAt(k) == 1 ? "" : "s", cells, String.join(", ", budgets));
                rungList.add(Map.of("rung", k, "trials", tuner.trialsAt(k), "cells", cells));
            }
            for (int t = 0; t < tuner.trials().size(); t++) {
                stdout.printf("trial %2d: %s%n", t, tuner.trials().get(t));
            }
            j.put("rungs", rungList);
            return finish(stdout, j, 0);
        }
        SuiteTuner.Result r = tuner.run(threads, parallelCells, track, err, System.console() != null);
        if (!r.complete()) {
            err.printf("tune %s: stopped before the end; rerun the same command to continue (%s)%n", suite.name(), dir);
            err.flush();
            j.put("complete", false);
            return finish(stdout, j, OdeToOdeCli.FAILED);
        }
        Map<String, Object> chosen = new LinkedHashMap<>();
        r.chosen().forEach((p, t) -> {
            err.printf("tune %s: %s chose trial %d %s%n", suite.name(), p, t, tuner.trials().get(t));
            chosen.put(p, Map.of("trial", t, "settings", tuner.trials().get(t)));
        });
        err.printf("tune %s: wrote %s and %s.{json,csv,md}%n", suite.name(), dir.resolve(SuiteTuner.TUNED_FILE),
                dir.resolve(SuiteTuner.REPORT));
        err.flush();
        j.put("complete", true);
        j.put("chosen", chosen);
        j.put("tuned", dir.resolve(SuiteTuner.TUNED_FILE).toString());
        return finish(stdout, j, 0);
    }

    private int finish(PrintWriter stdout, Map<String, Object> j, int code) {
        if (json) {
            stdout.println(Json.line(j));
        }
        stdout.flush();
        return code;
    }
}
