package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.cluster.Cluster;
import org.odetoode.experiments.suite.Cell;
import org.odetoode.experiments.suite.CellState;
import org.odetoode.experiments.suite.Suite;
import org.odetoode.experiments.suite.SuiteDirectory;
import org.odetoode.experiments.suite.SuiteFile;
import org.odetoode.experiments.suite.SuiteRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code odetoode suite}: a matrix of training runs (envs × policies × seeds) from one YAML file, resumable. */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = {"Run a matrix of training runs (envs x policies x seeds) described by a YAML file.",
            "Each cell is an ordinary `train` run directory under OUT/cells/ENV__POLICY__seedN, so eval, sync and"
                + " train --resume work on it.",
            "A suite with `datasets:` instead of `envs:` is supervised (datasets x policies x seeds): each cell is a"
                + " `supervised train` run directory under OUT/cells/DATASET__POLICY__seedN, evaluated on the clean"
                + " and the 15 MNIST-C corrupted test sets (eval.json) when it ends; `odetoode report OUT` compares"
                + " the policies."},
        subcommands = {SuiteCommand.Run.class, SuiteCommand.Status.class, SuiteTuneCommand.class,
            SuiteEmitCommand.class,
            CommandLine.HelpCommand.class})
public final class SuiteCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new IllegalArgumentException("Missing subcommand: `odetoode suite run FILE.yaml` or `odetoode suite"
                + " status DIR` or `odetoode suite tune FILE.yaml` (see odetoode suite --help)");
    }

    /** {@code suite run FILE.yaml}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run every cell of the suite that is not done: finished cells are skipped, interrupted"
                + " ones resume from their checkpoint, failed ones are kept (see --retry-failed).",
                "Rerun the same command after Ctrl-C or a crash to continue.",
                "With --cell I, run only cell I (a cluster array task; see `suite emit`): the same command resumes it"
                    + " after preemption, and tasks of one suite may run side by side on one shared folder.",
                "Exit 0 when every cell (or cell I) is done, 1 when a cell failed or the suite was stopped."})
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.yaml", description = "The suite file (see experiments/suites/).")
        Path file;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/NAME, NAME from the"
                + " file).")
        Path out;

        @Option(names = "--threads", paramLabel = "N", description = "Rollout threads for the whole suite (default:"
                + " all cores); each cell gets max(1, N / parallel-cells). Never changes results.")
        int threads;

        @Option(names = "--parallel-cells", paramLabel = "K", description = "Cells trained at a time in this JVM"
                + " (default: as many as threads).")
        int parallelCells;

        @Option(names = "--track", paramLabel = "MODE", description = "Tracking of every cell: online, offline or"
                + " disabled (default as for train).")
        String track;

        @Option(names = "--cell", paramLabel = "INDEX", description = "Run only this cell: its index in the order"
                + " --dry-run lists, from 0 (a Kubernetes Job's $JOB_COMPLETION_INDEX, a Slurm $SLURM_ARRAY_TASK_ID)."
                + " Takes that cell's lock, not the suite's.")
        Integer cell;

        @Option(names = "--retry-failed", description = "Start failed cells over instead of keeping their failure.")
        boolean retryFailed;

        @Option(names = "--dry-run", description = "Check the file and list the cells with their parameter counts;"
                + " run nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
        boolean json;

        @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
                description = "Hand the candidate evaluations of evolution-strategy cells to the `odetoode worker`"
                        + " members at these addresses (comma-separated); results are the same as without.")
        List<String> cluster = new ArrayList<>();

        @Override
        public Integer call() {
            if (cluster.isEmpty() || dryRun) {
                return run(null);
            }
            try (Cluster members = Cluster.joinAsCoordinator(cluster)) {
                return run(members);
            }
        }

        private Integer run(Cluster members) {
            long started = ManagementFactory.getRuntimeMXBean().getStartTime();
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (threads < 0 || parallelCells < 0) {
                throw new IllegalArgumentException("--threads and --parallel-cells must be >= 0 (0 = automatic)");
            }
            Suite suite = SuiteFile.read(file);
            Path dir = out != null ? out : Path.of("runs", suite.name());
            if (dryRun) {
                return dryRun(suite, dir, stdout);
            }
            SuiteRunner runner = new SuiteRunner(suite, cell, dir, threads, parallelCells, track, retryFailed, err,
                    System.console() != null);
            if (members != null) {
                runner.distribute(members);
            }
            SuiteRunner.Outcome o = runner.run(file, started);
            err.printf("suite %s: %d done, %d failed, %d pending of %d cells; %.1f s wall (%.1f s to the first cell),"
                    + " %.1f s training in %d slots, overhead %.1f%%; %s%n", suite.name(),
                    o.count(CellState.State.DONE), o.count(CellState.State.FAILED), o.count(CellState.State.PENDING),
                    o.cells().size(), o.wallSeconds(), o.setupSeconds(), o.trainingSeconds(), o.parallelCells(),
                    100 * o.overheadFraction(), dir);
            err.flush();
            if (json) {
                Map<String, Object> j = summary(suite.name(), dir, o.cells());
                j.put("stopped", o.stopped());
                j.put("parallel_cells", o.parallelCells());
                j.put("threads_per_cell", runner.threadsPerCell());
                j.put("wall_seconds", o.wallSeconds());
                j.put("training_seconds", o.trainingSeconds());
                j.put("setup_seconds", o.setupSeconds());
                j.put("overhead_fraction", o.overheadFraction());
                stdout.println(Json.line(j));
                stdout.flush();
            }
            return o.count(CellState.State.DONE) == o.cells().size() ? 0 : OdeToOdeCli.FAILED;
        }

        private int dryRun(Suite suite, Path dir, PrintWriter stdout) {
            SuiteDirectory d = new SuiteDirectory(dir);
            stdout.printf("suite %s: %d cells -> %s%n", suite.name(), suite.cells().size(), d.root());
            stdout.printf("%5s  %-52s %-14s %-14s %10s  %s%n", "index", "cell", "agent", "budget", "parameters",
                    "state");
            List<Map<String, Object>> cells = new ArrayList<>();
            for (int i = 0; i < suite.cells().size(); i++) {
                Cell c = suite.cells().get(i);
                String state = (c.isSupervised() ? CellState.atSupervised(d.cell(c.name()), false)
                        : CellState.at(d.cell(c.name()), c.config(), false)).state().key();
                boolean known = c.parameterCount() != Cell.UNKNOWN;
                stdout.printf("%5d  %-52s %-14s %-14s %10s  %s%n", i, c.name(), c.agent(), budget(c),
                        known ? Integer.toString(c.parameterCount()) : "diverges", state);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", i);
                m.put("cell", c.name());
                m.put("env", c.env());
                m.put("label", c.label());
                m.put("policy", c.policy());
                m.put("agent", c.agent());
                m.put("seed", c.seed());
                m.put("budget", budget(c));
                m.put("parameter_count", known ? c.parameterCount() : null);
                m.put("status", state);
                cells.add(m);
            }
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("suite", suite.name());
                j.put("out", dir.toString());
                j.put("cells", cells);
                stdout.println(Json.line(j));
            }
            stdout.flush();
            return 0;
        }

        private static String budget(Cell cell) {
            if (cell.isSupervised()) {
                return cell.supervised().epochs() + " epochs";
            }
            TrainConfig c = cell.config();
            return c.maxEnvSteps() > 0 ? c.maxEnvSteps() + " steps" : c.iterations() + " it";
        }
    }

    /** {@code suite status DIR}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "List a suite's cells as done, running, failed or pending, read from their run directories.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The suite's output folder (suite run --out).")
        Path dir;

        @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            SuiteDirectory d = new SuiteDirectory(dir);
            SuiteDirectory.Resolved resolved = d.read();
            Set<String> running = d.running();
            List<CellState> states = new ArrayList<>();
            for (SuiteDirectory.Entry e : resolved.cells()) {
                states.add(e.state(d, running.contains(e.cell())));
            }
            Map<CellState.State, Integer> counts = new LinkedHashMap<>();
            for (CellState.State s : CellState.State.values()) {
                counts.put(s, 0);
            }
            states.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
            stdout.printf("suite %s: %d cells: %d done, %d running, %d failed, %d pending%n", resolved.name(),
                    states.size(), counts.get(CellState.State.DONE), counts.get(CellState.State.RUNNING),
                    counts.get(CellState.State.FAILED), counts.get(CellState.State.PENDING));
            for (CellState s : states) {
                stdout.printf("%-8s %-52s %s%n", s.state().key(), s.cell(), detail(s, resolved, s.cell()));
            }
            if (json) {
                stdout.println(Json.line(summary(resolved.name(), dir, states)));
            }
            stdout.flush();
            return 0;
        }

        private static String detail(CellState s, SuiteDirectory.Resolved resolved, String cell) {
            SuiteDirectory.Entry e = resolved.cells().stream().filter(x -> x.cell().equals(cell)).findFirst()
                    .orElseThrow();
            TrainConfig c = e.config();
            String of = e.supervised() != null ? "epoch " + s.iteration() + "/" + e.supervised().epochs()
                    : c.iterations() > 0 ? "iteration " + s.iteration() + "/" + c.iterations()
                    : String.format("%,d/%,d env steps", s.envSteps(), c.maxEnvSteps());
            return switch (s.state()) {
                case DONE -> e.supervised() != null ? String.format("clean test accuracy %.4f", s.finalEvalReturn())
                        : String.format("final eval return %.2f", s.finalEvalReturn());
                case RUNNING -> of;
                case FAILED -> s.message();
                case PENDING -> s.resumable() ? "resumes from " + of : "not started";
            };
        }
    }

    /** The JSON both subcommands print: counts per state and every cell. */
    private static Map<String, Object> summary(String name, Path dir, List<CellState> states) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("suite", name);
        j.put("out", dir.toString());
        j.put("total", states.size());
        for (CellState.State s : CellState.State.values()) {
            j.put(s.key(), states.stream().filter(c -> c.state() == s).count());
        }
        j.put("cells", states.stream().map(CellState::toMap).toList());
        return j;
    }
}
