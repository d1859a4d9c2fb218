package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.odetoode.agents.Checkpoint;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.TunedDefaults;
import org.odetoode.agents.cluster.Cluster;
import org.odetoode.experiments.tracking.TrackedRun;
import org.odetoode.tracker.Mode;
import org.odetoode.tracker.TrackerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode train}: trains a policy with an evolution strategy or a policy-gradient method. With no options it
 * trains {@code odetoode} with {@code es} on CartPole-v1 (about a minute on two cores). Config resolution: agent defaults, then
 * {@code --config FILE.yaml}, then {@code --set key=value}, then the named flags. Ctrl-C writes a checkpoint and
 * exits; {@code --resume DIR} continues it bit-identically.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a policy with an evolution strategy (es, ars, orthogonal-es) or policy gradient (ppo,"
                + " reinforce).",
                "Writes config.yaml and checkpoint.json to the run directory; progress goes to stderr."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id (default CartPole-v1).")
    String env;

    @Option(names = "--policy", paramLabel = "NAME", description = "Policy network (default odetoode).")
    String policy;

    @Option(names = "--agent", paramLabel = "NAME",
            description = "es, ars, orthogonal-es, ppo or reinforce (default es).")
    String agent;

    @Option(names = "--config", paramLabel = "FILE.yaml", description = "YAML file of config keys.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key, e.g. --set sigma=0.05 --set policy-options.d=32.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default 0).")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads (default: all cores); never changes results.")
    Integer threads;

    @Option(names = "--iterations", paramLabel = "N", description = "Iteration budget.")
    Integer iterations;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/ENV__AGENT__SEED__TIME).")
    Path runDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its checkpoint.")
    Path resume;

    @Option(names = "--force", description = "Overwrite the run directory if it exists.")
    boolean force;

    @Option(names = "--track", paramLabel = "MODE",
            description = "Tracking: online, offline or disabled (default: WANDB_MODE if set, else online when an API "
                    + "key is configured, else offline; offline runs are kept in the run directory for `odetoode sync`).")
    String track;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Option(names = "--list-keys",
            description = "Print every config key of --agent with its default (for --env and --policy: the tuned"
                    + " per-env defaults where they exist, named by defaults-from), and exit.")
    boolean listKeys;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
            description = "Hand candidate evaluations to the `odetoode worker` members at these addresses"
                    + " (comma-separated); this process evaluates too. Results are the same as without.")
    List<String> cluster = new ArrayList<>();

    @Override
    public Integer call() {
        if (cluster.isEmpty() || listKeys) {
            return train(null);
        }
        try (Cluster members = Cluster.joinAsCoordinator(cluster)) {
            int code = train(members);
            if (members.resentCandidates() > 0) {
                spec.commandLine().getErr().printf("cluster: %d candidate evaluations re-ran on the survivors after"
                        + " a member left%n", members.resentCandidates());
                spec.commandLine().getErr().flush();
            }
            return code;
        }
    }

    private Integer train(Cluster members) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listKeys) {
            Map<String, String> o = new Overrides(Map.of()).flag("agent", agent).flag("env", env)
                    .flag("policy", policy).map();
            TrainConfig c = TrainConfig.resolve(Map.of(), o);
            Map<String, Object> defaults = c.toMap();
            for (TrainConfig.Key k : TrainConfig.keys(c.agent())) {
                out.printf("%-20s %-14s %s%n", k.name(), defaults.get(k.name()), k.description());
            }
            out.flush();
            return 0;
        }
        Map<String, String> overrides = overrides();
        checkTrackMode();
        Trainer trainer;
        Path dir;
        if (resume != null) {
            if (config != null || runDir != null || force) {
                throw new IllegalArgumentException("--resume continues " + resume + " with its saved config;"
                        + " drop --config, --run-dir and --force");
            }
            dir = resume;
            trainer = Trainer.resume(resume, overrides);
            if (!Files.exists(resume.resolve(Checkpoint.FILE))) {
                err.println("No checkpoint in " + resume + " (stopped before its first): starting the run over from"
                        + " its " + Trainer.CONFIG_FILE);
            }
        } else {
            TrainConfig c = TrainConfig.resolve(config == null ? Map.of() : TrainConfig.readYaml(config), overrides);
            // CleanRL's run name: env, experiment, seed, time.
            dir = runDir != null ? runDir : Path.of("runs", c.env() + "__" + c.agent() + "__" + c.seed() + "__"
                    + System.currentTimeMillis() / 1000);
            if (members != null && c.policyGradient()) {
                throw new IllegalArgumentException("--cluster runs the evolution strategies es, ars and orthogonal-es;"
                        + " agent " + c.agent() + " trains in one process");
            }
            trainer = Trainer.create(c, dir, force);
            if (!c.defaultsFrom().equals(TunedDefaults.NONE)) {
                err.println("tuned defaults " + c.defaultsFrom() + " " + TunedDefaults.settings(c.defaultsFrom())
                        + " apply under --config and --set (recorded as defaults-from in " + Trainer.CONFIG_FILE
                        + "; --set defaults-from=none for the agent's defaults)");
            }
        }
        if (members != null) {
            trainer.distribute(members);
        }
        TrackedRun run = TrackedRun.start(TrackedRun.settings(trainer.config(), dir, track, resume != null));
        Progress progress = new Progress(trainer.config(), err);
        MetricsSink sink = run.sink(progress);

        // Ctrl-C or SIGTERM: ask the loop to checkpoint and stop, and hold the JVM until it has. The tracker's run is
        // finished here too (its own exit hook is off, so that it cannot close the run under the loop's last rows).
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                if (!finished.await(60, TimeUnit.SECONDS)) {
                    run.finish(TrackedRun.EXIT_STOPPED); // the loop did not stop in time: keep every row logged so far
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "odetoode-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainResult r = trainer.run(sink);
            progress.end();
            run.finish(r);
            report(r, trainer.config(), out, err);
            return 0;
        } catch (RuntimeException | Error e) {
            run.fail(e);
            throw e;
        } finally {
            // Release the hook only now, so that on Ctrl-C the JVM exits after the checkpoint and the report.
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook is running and now returns
            }
        }
    }

    private void report(TrainResult r, TrainConfig c, PrintWriter out, PrintWriter err) {
        boolean completed = r.status() == TrainResult.Status.COMPLETED;
        err.printf("%s after %d iterations: %s, %d env steps, %.1f s, %.0f steps/s%s%s; run dir %s%n",
                completed ? "done" : "stopped (checkpoint written)", r.iterations(),
                completed ? String.format("final eval return %.2f ± %.2f (%d episodes from seed %d, which"
                        + " `odetoode eval --run DIR` repeats)", r.finalEvalReturn(), r.finalEvalStd(),
                        c.finalEvalEpisodes(), c.seed()) : "no final evaluation",
                r.envSteps(), r.wallSeconds(), r.stepsPerSecond(),
                r.infeasibleCandidates() > 0 ? String.format(", %d infeasible candidates", r.infeasibleCandidates())
                        : "", r.restarts() > 0 ? String.format(", %d restart%s", r.restarts(), r.restarts() > 1 ? "s" : "")
                        : "", r.runDir());
        err.flush();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("status", r.status().name().toLowerCase(Locale.ROOT));
            j.put("final_eval_return", r.finalEvalReturn());
            j.put("final_eval_std", r.finalEvalStd());
            j.put("best_eval_return", r.bestEvalReturn());
            j.put("best_eval_iteration", Double.isNaN(r.bestEvalReturn()) ? null : r.bestEvalIteration());
            j.put("infeasible_candidates", r.infeasibleCandidates());
            j.put("restarts", r.restarts());
            j.put("iterations", r.iterations());
            j.put("env_steps", r.envSteps());
            j.put("wall_seconds", r.wallSeconds());
            j.put("steps_per_second", r.stepsPerSecond());
            j.put("params_sha256", r.paramsSha256());
            j.put("run_dir", r.runDir().toString());
            out.println(Json.line(j));
        }
        out.flush();
    }

    /** Refuses a bad --track before anything is written, so that the corrected command finds no run in the way. */
    private void checkTrackMode() {
        if (track != null) {
            try {
                Mode.parse(track, "--track");
            } catch (TrackerException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** --set entries, then the named flags (which win). */
    private Map<String, String> overrides() {
        return new Overrides(sets)
                .flag("env", env)
                .flag("policy", policy)
                .flag("agent", agent)
                .flag("seed", seed)
                .flag("threads", threads)
                .flag("iterations", iterations)
                .map();
    }

    /**
     * The progress line on stderr: iteration, env steps, return, the latest evaluation (once there is one), the
     * infeasible candidates (when there are any), steps/s, ETA. Warns once when most of a population is infeasible.
     */
    private static final class Progress implements MetricsSink {
        /** A terminal's progress line is redrawn at most this often. */
        private static final long REDRAW_NANOS = 100_000_000L;

        private final TrainConfig config;
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private final long started = System.nanoTime();
        private long firstStep = -1;
        private double lastEval = Double.NaN;
        private boolean warnedInfeasible;
        private long lastDrawn = Long.MIN_VALUE / 2;
        /** Policy-gradient iterations in which no episode finished report no return; the last one stands. */
        private double lastReturn = Double.NaN;

        Progress(TrainConfig config, PrintWriter err) {
            this.config = config;
            this.err = err;
        }

        @Override
        public void log(long step, Map<String, Double> m) {
            if (firstStep < 0) {
                firstStep = step - 1;
            }
            lastEval = m.getOrDefault("eval/return_mean", lastEval);
            double envSteps = m.get("charts/env_steps");
            double elapsed = (System.nanoTime() - started) * 1e-9;
            double done = step - firstStep;
            double remaining = config.iterations() > 0 ? (config.iterations() - step) * elapsed / done
                    : (config.maxEnvSteps() - envSteps) / Math.max(1, m.get("charts/steps_per_second"));
            lastReturn = m.getOrDefault("charts/return_mean", lastReturn);
            int infeasible = m.getOrDefault("charts/infeasible_candidates", 0.0).intValue();
            if (!warnedInfeasible && 2 * infeasible > config.populationSize()) {
                warnedInfeasible = true;
                err.printf("%swarning: iteration %d: %d of %d candidates are infeasible (their weight flow blew up and"
                        + " they rank last), so the update learns from the few left; a smaller sigma or"
                        + " learning-rate, or policy odetoode (whose flow stays on O(d)), keeps them feasible%n",
                        terminal ? "\n" : "", step, infeasible, config.populationSize());
            }
            boolean milestone = m.containsKey("eval/return_mean") || step == config.iterations();
            long now = System.nanoTime();
            // The line is built only when it is shown: formatting it every iteration took about 0.2 ms of the
            // training thread (code that runs once an iteration stays interpreted), 5 % of a two-thread iteration.
            if (!(milestone || terminal && now - lastDrawn >= REDRAW_NANOS)) {
                return;
            }
            lastDrawn = now;
            String line = String.format("iter %d%s  steps %,.0f  return %.1f%s%s  %,.0f steps/s  ETA %s",
                    step, config.iterations() > 0 ? "/" + config.iterations() : "", envSteps, lastReturn,
                    Double.isNaN(lastEval) ? "" : String.format("  eval %.1f", lastEval),
                    infeasible > 0 ? String.format("  infeasible %d/%d", infeasible, config.populationSize()) : "",
                    m.get("charts/steps_per_second"), eta(remaining));
            if (terminal) {
                err.print("\r" + line + "   ");
            } else {
                err.println(line);
            }
            err.flush();
        }

        void end() {
            if (terminal) {
                err.println();
            }
        }

        private static String eta(double seconds) {
            if (!Double.isFinite(seconds) || seconds < 0) {
                return "?";
            }
            Duration d = Duration.ofSeconds(Math.round(seconds));
            return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
        }
    }
}
