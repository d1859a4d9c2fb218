package org.odetoode.experiments.suite;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.odetoode.agents.CheckpointFile;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.envs.Envs;
import org.odetoode.experiments.supervised.CorruptionEval;
import org.odetoode.experiments.tracking.TrackedRun;
import org.odetoode.supervised.corrupt.Corruptions;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.data.TrainTest;
import org.odetoode.supervised.train.Examples;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;

/**
 * Runs a suite's cells in one JVM, {@code parallelCells} at a time, each an ordinary {@code train} run directory
 * under {@code OUT/cells/}. Cells already done are skipped, interrupted ones resume from their checkpoint, ones killed
 * before their first checkpoint start over; a cell that throws is recorded as failed and the others go on. Ctrl-C or
 * SIGTERM stops every running cell at its next iteration with a checkpoint, and starts no new one.
 *
 * <p>A runner can also run one cell by its index, as a cluster's array task does ({@code suite run --cell}): the same
 * resume-or-start-over, under that cell's lock instead of the suite's, so that the tasks of one suite run side by side
 * on a shared volume. Every cell, in either mode, is trained under its lock, so two processes never train one cell.
 *
 * <p>A supervised suite's cell is a {@code supervised train} run followed by its evaluation on the clean and the 15
 * corrupted test sets ({@code eval.json}); the cells of one dataset share its images and its corrupted copies, read
 * and computed once. A cell whose training diverges is failed, and evaluated on its last good epoch when it had one.
 *
 * <p>Cells share no mutable state: the agents and networks keep none in statics (the noise table cache holds
 * immutable tables keyed by seed and size), and every cell has its own trainer, executor and tracker run.
 */
public final class SuiteRunner {
    private final Suite suite;
    /** The index of the one cell to run, or null for the whole suite. */
    private final Integer only;
    /** The cells this runner runs: the suite's, or the one. */
    private final List<Cell> selected;
    private final SuiteDirectory out;
    private final int parallelCells;
    private final int threadsPerCell;
    private final String track;
    private final boolean retryFailed;
    private final PrintWriter err;
    private final boolean terminal;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Where evolution-strategy cells evaluate their candidates; null: in process. */
    private CandidateEvaluator.Factory cluster;
    /** When the first training loop of this session started (System.currentTimeMillis), or 0. */
    private final AtomicLong firstLoopMillis = new AtomicLong();

    /** The data of supervised cells, by data folder: train and test examples, the test set and its corruptions. */
    private final Map<String, Examples[]> examples = new ConcurrentHashMap<>();
    private final Map<String, CorruptionEval.TestSets> testSets = new ConcurrentHashMap<>();

    /** A cell in flight, for the stop hook: how to ask its trainer to checkpoint and stop, and its tracker run. */
    private record Running(Runnable requestStop, TrackedRun run) {
    }

    /**
     * How a session of the suite went.
     *
     * @param cells every cell's state at the end, in the suite's order
     * @param wallSeconds this JVM's wall time, from its start to the end of the last cell
     * @param trainingSeconds the sum over the cells of this session of their {@code Trainer.run} wall time
     * @param setupSeconds from the JVM's start to the first cell's training loop (JVM start, reading and checking
     *     the suite, the first cell's setup)
     * @param parallelCells cells run at a time
     * @param stopped the session was stopped (Ctrl-C) before every cell ran
     */
    public record Outcome(List<CellState> cells, double wallSeconds, double trainingSeconds, double setupSeconds,
            int parallelCells, boolean stopped) {
        /** The share of the cell slots' wall time not spent in a cell's training loop: scheduling, tracking, setup. */
        public double overheadFraction() {
            return 1 - trainingSeconds / (parallelCells * wallSeconds);
        }

        /** Cells in {@code state}. */
        public long count(CellState.State state) {
            return cells.stream().filter(c -> c.state() == state).count();
        }
    }

    /**
     * @param cell the index of the one cell to run (in the suite's order), or null to run every cell
     * @param threads rollout threads for the whole suite (0: every core); each cell gets max(1, threads /
     *     parallelCells)
     * @param parallelCells cells at a time (0: as many as threads)
     * @param track the tracker mode, or null to resolve it as wandb does
     * @throws IllegalArgumentException when {@code cell} is not an index of the suite's cells
     */
    public SuiteRunner(Suite suite, Integer cell, Path out, int threads, int parallelCells, String track,
            boolean retryFailed, PrintWriter err, boolean terminal) {
        int cores = Trainer.threads(threads);
        int n = suite.cells().size();
        if (cell != null && (cell < 0 || cell >= n)) {
            throw new IllegalArgumentException("--cell " + cell + " is not a cell of suite " + suite.name() + ": it has "
                    + n + " cells, numbered 0 to " + (n - 1) + " as `odetoode suite run FILE --dry-run` lists them");
        }
        this.suite = suite;
        this.only = cell;
        this.selected = cell == null ? suite.cells() : List.of(suite.cells().get(cell));
        this.out = new SuiteDirectory(out);
        this.parallelCells = Math.max(1, Math.min(parallelCells > 0 ? parallelCells : cores, selected.size()));
        this.threadsPerCell = Math.max(1, cores / this.parallelCells);
        this.track = track;
        this.retryFailed = retryFailed;
        this.err = err;
        this.terminal = terminal;
    }

    public int threadsPerCell() {
        return threadsPerCell;
    }

    /**
     * Runs what is left of the suite, or of its one cell.
     *
     * @param source the suite file, recorded in {@code suite.yaml}
     * @param startedMillis when the suite's process started (epoch ms): the origin of the outcome's wall time
     * @return the outcome; its cells are those this runner runs
     * @throws IllegalArgumentException before anything runs when another process runs the suite (or this one cell)
     *     in this folder, or a cell's directory holds a run of another config
     */
    public Outcome run(Path source, long startedMillis) {
        try (SuiteDirectory.Lock lock = only == null ? out.lock() : lockOnlyCell()) {
            // Settings that cannot work (online tracking without a key) stop the suite here, not in every cell.
            TrackedRun.settings(selected.get(0).configMap(), out.root(), track, false).build();
            Map<String, CellState> states = new LinkedHashMap<>();
            for (Cell c : selected) {
                checkSameConfig(c);
                states.put(c.name(), state(c));
            }
            out.writeSuite(suite, source);
            List<Cell> todo = new ArrayList<>();
            Map<String, Double> weights = new HashMap<>();
            Map<String, Double> initial = new HashMap<>();
            int done = 0;
            int failed = 0;
            for (Cell c : selected) {
                CellState s = states.get(c.name());
                weights.put(c.name(), c.isSupervised() ? c.supervised().epochs() : envStepBound(c.config()));
                if (s.state() == CellState.State.DONE) {
                    done++;
                    initial.put(c.name(), 1.0);
                } else if (s.state() == CellState.State.FAILED && !retryFailed) {
                    failed++;
                    initial.put(c.name(), 1.0);
                } else {
                    todo.add(c);
                    initial.put(c.name(), !s.resumable() ? 0.0 : c.isSupervised()
                            ? (double) s.iteration() / c.supervised().epochs() : share(c.config(), s.iteration(),
                                    s.envSteps()));
                }
            }
            // Longest first, so that the last cells to finish are short ones and the slots end together.
            todo.sort(Comparator.comparingDouble((Cell c) -> -weights.get(c.name())));
            SuiteProgress progress = new SuiteProgress(err, terminal, weights, initial, done, failed);
            err.printf("suite %s: %s, %d done, %d failed, %d to run; %d at a time, %d rollout thread%s each;"
                    + " %s%n", suite.name(), only == null ? selected.size() + " cells" : "cell " + only + " of "
                    + suite.cells().size() + " (" + selected.get(0).name() + ")", done, failed, todo.size(), parallelCells,
                    threadsPerCell, threadsPerCell == 1 ? "" : "s", out.root());
            err.flush();

            double[] trainingNanos = new double[1];
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> stop(finished), "odetoode-suite-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            ExecutorService pool = Executors.newFixedThreadPool(parallelCells, r -> {
                Thread t = new Thread(r, "odetoode-suite-cell");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Cell c : todo) {
                    futures.add(pool.submit(() -> {
                        if (!stopping) {
                            long nanos = runCell(c, progress);
                            synchronized (trainingNanos) {
                                trainingNanos[0] += nanos;
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("suite scheduler failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdown();
                progress.close();
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook is running and now returns
                }
            }
            double wall = (System.currentTimeMillis() - startedMillis) / 1e3;
            List<CellState> end = new ArrayList<>();
            for (Cell c : selected) {
                end.add(state(c));
            }
            double training;
            synchronized (trainingNanos) {
                training = trainingNanos[0] * 1e-9;
            }
            long first = firstLoopMillis.get();
            return new Outcome(end, wall, training, first == 0 ? wall : (first - startedMillis) / 1e3, parallelCells,
                    stopping);
        }
    }

    /** Ctrl-C or SIGTERM: no new cells; every running one checkpoints and stops; wait for them (60 s at most). */
    private void stop(CountDownLatch finished) {
        stopping = true;
        running.values().forEach(r -> r.requestStop().run());
        try {
            if (!finished.await(60, TimeUnit.SECONDS)) {
                running.values().forEach(r -> r.run().finish(TrackedRun.EXIT_STOPPED));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands the candidate evaluations of every evolution-strategy cell to {@code cluster} ({@code suite run
     * --cluster}); policy-gradient cells train in process.
     */
    public void distribute(CandidateEvaluator.Factory cluster) {
        this.cluster = cluster;
    }

    /** The lock of the one cell this runner runs, for the whole session. */
    private SuiteDirectory.Lock lockOnlyCell() {
        SuiteDirectory.Lock lock = out.tryLockCell(selected.get(0).name());
        if (lock == null) {
            throw new IllegalArgumentException("Cell " + only + " (" + selected.get(0).name() + ") of " + out.root()
                    + " is being trained by another process; wait for it or stop it (its checkpoint is kept)");
        }
        return lock;
    }

    /** Trains one cell under its lock; returns the nanoseconds spent in its training loop. */
    private long runCell(Cell c, SuiteProgress progress) {
        try (SuiteDirectory.Lock lock = only != null ? () -> { } : out.tryLockCell(c.name())) {
            if (lock == null) {
                progress.started(c.name(), "skipped");
                progress.ended(c.name(), CellState.State.PENDING, "trained by another process");
                return 0;
            }
            // read under the lock: another process may have trained the cell since the suite started
            CellState now = state(c);
            if (now.state() == CellState.State.DONE || now.state() == CellState.State.FAILED && !retryFailed) {
                progress.started(c.name(), "skipped");
                progress.ended(c.name(), now.state(), "ended in another process");
                return 0;
            }
            return c.isSupervised() ? trainSupervised(c, now, progress) : train(c, now, progress);
        }
    }

    private long train(Cell c, CellState before, SuiteProgress progress) {
        Path dir = out.cell(c.name());
        String how;
        Trainer trainer;
        boolean resumed = before.resumable() && before.state() != CellState.State.FAILED;
        try {
            if (resumed) {
                trainer = Trainer.resume(dir, Map.of("threads", Integer.toString(threadsPerCell)));
                how = "resumed from iteration " + before.iteration();
            } else {
                how = Files.exists(dir) ? "started over" : "new";
                deleteRecursively(dir);
                trainer = Trainer.create(TrainConfig.resolve(c.config().toMap(),
                        Map.of("threads", Integer.toString(threadsPerCell))), dir, false);
            }
            if (cluster != null && !trainer.config().policyGradient()) {
                trainer.distribute(cluster);
            }
        } catch (RuntimeException e) {
            progress.started(c.name(), "setup");
            return fail(c, dir, e, progress);
        }
        TrackedRun run = TrackedRun.start(TrackedRun.settings(trainer.config(), dir, track, resumed).group(suite.name())
                .jobType(c.label()).tags(List.of(c.env(), c.agent())));
        inFlight(c.name(), new Running(trainer::requestStop, run));
        if (stopping) {
            trainer.requestStop(); // the stop came while this cell was being set up
        }
        progress.started(c.name(), how);
        TrainConfig config = trainer.config();
        MetricsSink share = (step, metrics) -> progress.advanced(c.name(),
                share(config, step, metrics.getOrDefault("charts/env_steps", 0.0).longValue()));
        firstLoopMillis.compareAndSet(0, System.currentTimeMillis());
        long t0 = System.nanoTime();
        try {
            TrainResult r;
            try {
                r = trainer.run(run.sink(share));
            } finally {
                t0 = System.nanoTime() - t0;
            }
            run.finish(r);
            boolean completed = r.status() == TrainResult.Status.COMPLETED;
            progress.ended(c.name(), completed ? CellState.State.DONE : CellState.State.PENDING,
                    completed ? String.format("final eval return %.2f after %d iterations, %.1f s", r.finalEvalReturn(),
                            r.iterations(), r.wallSeconds())
                            : "stopped at iteration " + r.iterations() + " (checkpoint written)");
            return t0;
        } catch (RuntimeException | Error e) {
            run.fail(e);
            fail(c, dir, e, progress);
            return t0;
        } finally {
            inFlight(c.name(), null);
        }
    }

    /** Trains a supervised cell, then evaluates it; returns the nanoseconds spent in its training loop. */
    private long trainSupervised(Cell c, CellState before, SuiteProgress progress) {
        Path dir = out.cell(c.name());
        Map<String, String> threads = Map.of("threads", Integer.toString(threadsPerCell));
        boolean resumed = before.resumable() && before.state() != CellState.State.FAILED;
        String how;
        SupervisedTrainer trainer;
        try {
            Examples[] data = examples(c.supervised());
            if (resumed) {
                trainer = SupervisedTrainer.resume(dir, threads, data[0], data[1]);
                how = "resumed from epoch " + before.iteration();
            } else {
                how = Files.exists(dir) ? "started over" : "new";
                deleteRecursively(dir);
                Map<String, Object> config = new LinkedHashMap<>(c.supervised().toMap());
                config.putAll(threads);
                trainer = SupervisedTrainer.create(SupervisedConfig.resolve(config), dir, false, data[0], data[1]);
            }
        } catch (RuntimeException e) {
            progress.started(c.name(), "setup");
            return fail(c, dir, e, progress);
        }
        TrackedRun run = TrackedRun.start(TrackedRun.settings(trainer.config().toMap(), dir, track, resumed)
                .group(suite.name()).jobType(c.label()).tags(List.of(c.env(), Cell.SUPERVISED)));
        inFlight(c.name(), new Running(trainer::requestStop, run));
        if (stopping) {
            trainer.requestStop();
        }
        progress.started(c.name(), how);
        SupervisedConfig config = trainer.config();
        MetricsSink sink = run.sink((epoch, metrics) -> progress.advanced(c.name(), (double) epoch / config.epochs()));
        firstLoopMillis.compareAndSet(0, System.currentTimeMillis());
        long t0 = System.nanoTime();
        try {
            SupervisedTrainer.Result r;
            try {
                r = trainer.run(sink);
            } finally {
                t0 = System.nanoTime() - t0;
            }
            if (!r.completed()) {
                run.finish(TrackedRun.EXIT_STOPPED);
                progress.ended(c.name(), CellState.State.PENDING, "stopped in epoch " + (r.epochs() + 1)
                        + " (checkpoint written)");
                return t0;
            }
            CorruptionEval.Result e = evaluate(dir, config, sink);
            run.finish(0);
            progress.ended(c.name(), CellState.State.DONE, String.format("clean accuracy %.4f, mean corrupted %.4f"
                    + " after %d epochs, %.1f s", e.clean(), e.meanCorrupted(), r.epochs(), r.wallSeconds()));
            return t0;
        } catch (ArithmeticException diverged) {
            // scored on its last good epoch, as a diverged RL cell is on its last good checkpoint
            if (Files.isRegularFile(dir.resolve(CheckpointFile.NAME))) {
                try {
                    evaluate(dir, config, sink);
                } catch (RuntimeException unevaluated) {
                    diverged.addSuppressed(unevaluated); // the cell stays failed, unscored; the others go on
                }
            }
            run.fail(diverged);
            fail(c, dir, diverged, progress);
            return t0;
        } catch (RuntimeException | Error e) {
            run.fail(e);
            fail(c, dir, e, progress);
            return t0;
        } finally {
            inFlight(c.name(), null);
        }
    }

    /** Evaluates the checkpoint in {@code dir} on every corruption, keeps it in eval.json and in the run's summary. */
    private CorruptionEval.Result evaluate(Path dir, SupervisedConfig config, MetricsSink sink) {
        CorruptionEval.Result e = CorruptionEval.evaluate(dir, config, testSets(config));
        CorruptionEval.write(dir, e);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eval/clean_accuracy", e.clean());
        m.put("eval/mean_corrupted_accuracy", e.meanCorrupted());
        e.corrupted().forEach((id, a) -> m.put("eval/corrupted_accuracy/" + id, a));
        sink.summary(m);
        return e;
    }

    /** The train and test examples of a supervised config's data, read once per suite session. */
    private Examples[] examples(SupervisedConfig config) {
        return examples.computeIfAbsent(dataKey(config), k -> {
            TrainTest data = load(config);
            return new Examples[] {Examples.of(data.train()), Examples.of(data.test())};
        });
    }

    /** The test set of a supervised config's data and its 15 corrupted copies, computed once per suite session. */
    private CorruptionEval.TestSets testSets(SupervisedConfig config) {
        return testSets.computeIfAbsent(dataKey(config), k -> CorruptionEval.TestSets.of(load(config).test(),
                Corruptions.all(), 0L));
    }

    private static TrainTest load(SupervisedConfig config) {
        return DatasetLocator.load(config.dataset(), config.data() == null ? null : Path.of(config.data()));
    }

    private static String dataKey(SupervisedConfig config) {
        return config.data() != null ? config.data() : config.dataset();
    }

    /** Adds a cell to the cells in flight, or removes it ({@code r} null), and records them for {@code suite status}. */
    private synchronized void inFlight(String cell, Running r) {
        if (r == null) {
            running.remove(cell);
        } else {
            running.put(cell, r);
        }
        if (only == null) { // a one-cell run shows as running through its cell lock, and shares the folder
            out.writeRunning(List.copyOf(running.keySet()));
        }
    }

    private long fail(Cell c, Path dir, Throwable e, SuiteProgress progress) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        CellState.recordFailure(dir, message);
        progress.ended(c.name(), CellState.State.FAILED, message);
        return 0;
    }

    private CellState state(Cell c) {
        return c.isSupervised() ? CellState.atSupervised(out.cell(c.name()), false)
                : CellState.at(out.cell(c.name()), c.config(), false);
    }

    /**
     * A cell directory that already holds a run must hold this cell's run: same config but for the keys a resume may
     * change. Anything else would mix two experiments in one folder, so it stops the suite before it runs.
     */
    private void checkSameConfig(Cell c) {
        Path dir = out.cell(c.name());
        if (!Files.isRegularFile(dir.resolve(Trainer.CONFIG_FILE))) {
            return;
        }
        Map<String, Object> was = c.isSupervised() ? SupervisedTrainer.readConfig(dir).toMap()
                : TrainConfig.resolve(TrainConfig.readYaml(dir.resolve(Trainer.CONFIG_FILE)), Map.of()).toMap();
        List<String> resumable = c.isSupervised() ? SupervisedConfig.RESUMABLE_KEYS
                : List.copyOf(Trainer.RESUMABLE_KEYS);
        for (Map.Entry<String, Object> e : c.configMap().entrySet()) {
            String key = e.getKey();
            if (!resumable.contains(key) && !String.valueOf(was.get(key)).equals(String.valueOf(e.getValue()))) {
                throw new IllegalArgumentException("Cell " + c.name() + " in " + out.root() + " was run with " + key
                        + " " + was.get(key) + " but the suite now sets " + e.getValue() + "; run the changed suite"
                        + " with another --out, or delete " + dir + " to rerun that cell");
            }
        }
    }

    /** The share of its budget a run has spent at {@code iteration} and {@code envSteps}. */
    private static double share(TrainConfig c, long iteration, long envSteps) {
        double byIterations = c.iterations() > 0 ? (double) iteration / c.iterations() : 0;
        double bySteps = c.maxEnvSteps() > 0 ? (double) envSteps / c.maxEnvSteps() : 0;
        return Math.min(1, Math.max(byIterations, bySteps));
    }

    /**
     * The most env steps a cell can take: its env-step budget, or iterations times the steps an iteration can take
     * (every episode to the time limit). Orders cells longest first and weighs them in the progress bar.
     */
    static double envStepBound(TrainConfig c) {
        if (c.maxEnvSteps() > 0) {
            return c.maxEnvSteps();
        }
        String limit = c.envOptions().get(Envs.MAX_EPISODE_STEPS);
        double episode = limit != null ? Double.parseDouble(limit) : Envs.spec(c.env()).maxEpisodeSteps();
        double perIteration = c.policyGradient()
                ? c.pg().numEnvs() * (c.pg().numSteps() > 0 ? c.pg().numSteps() : episode)
                : c.populationSize() * episode;
        return c.iterations() * perIteration;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}
