package org.odetoode.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.odetoode.agents.MetricsSink;
import org.odetoode.experiments.tracking.TrackedRun;
import org.odetoode.supervised.train.Examples;
import org.odetoode.supervised.data.DatasetLocator;
import org.odetoode.supervised.data.TrainTest;
import org.odetoode.supervised.train.SupervisedConfig;
import org.odetoode.supervised.train.SupervisedTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode supervised train}: trains a classifier whose block is a policy of the family, as {@code train}
 * does a policy: a run directory with config.yaml, checkpoint.json (every epoch; Ctrl-C writes one mid-epoch) and
 * result.json, {@code --resume DIR} bit-identical, and one tracker row per epoch.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an image classifier: an embedding (a small conv stem, or linear from the pixels), a"
                + " block of the policy family (an ODE of width d with N Euler steps), linear head, softmax; Adam on"
                + " minibatches by exact backprop.",
            "Example: odetoode supervised train --dataset fashion-mnist --policy odetoode --set policy-options.d=64"
                + " --epochs 5"})
public final class SupervisedTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist (default) or mnist.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "IDX folder (MNIST file names); default: the installed copy of --dataset.")
    String data;

    @Option(names = "--policy", paramLabel = "NAME", description = "Block of the classifier (default odetoode).")
    String policy;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config key: embedding (conv or linear),"
            + " conv-channels (8,16: channels per 3x3 conv + ReLU + 2x2 max-pool layer), epochs, batch-size (128),"
            + " learning-rate (0.003), lr-schedule (cosine or constant), seed, threads, or policy-options.NAME"
            + " (d=64 and steps=10 by default).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 5).")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default 0).")
    Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores); never changes results.")
    Integer threads;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default runs/supervised__DATASET__POLICY__SEED__TIME).")
    Path runDir;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its checkpoint.")
    Path resume;

    @Option(names = "--force", description = "Overwrite the run directory if it holds a run.")
    boolean force;

    @Option(names = "--track", paramLabel = "MODE", description = "Tracking: online, offline or disabled (as train).")
    String track;

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides = overrides();
        SupervisedTrainer trainer;
        Path dir;
        SupervisedConfig config;
        if (resume != null) {
            if (runDir != null || force || !overrides.keySet().stream().allMatch(
                    SupervisedConfig.RESUMABLE_KEYS::contains)) {
                throw new IllegalArgumentException("--resume continues " + resume + " with its saved config; only "
                        + String.join(", ", SupervisedConfig.RESUMABLE_KEYS) + " may change");
            }
            dir = resume;
            config = SupervisedTrainer.readConfig(resume).resumed(overrides);
            Examples[] splits = load(config);
            trainer = SupervisedTrainer.resume(resume, overrides, splits[0], splits[1]);
        } else {
            config = SupervisedConfig.resolve(overrides);
            dir = runDir != null ? runDir : Path.of("runs", "supervised__" + config.dataset() + "__"
                    + config.policy() + "__" + config.seed() + "__" + System.currentTimeMillis() / 1000);
            if (Files.exists(dir.resolve(SupervisedTrainer.CONFIG_FILE)) && !force) {
                throw new IllegalArgumentException("Run directory " + dir + " already holds a run; pass --resume "
                        + dir + " to continue it or --force to overwrite it");
            }
            Examples[] splits = load(config);
            trainer = SupervisedTrainer.create(config, dir, force, splits[0], splits[1]);
        }
        TrackedRun run = TrackedRun.start(TrackedRun.settings(trainer.config().toMap(), dir, track, resume != null));
        MetricsSink progress = (step, m) -> {
            err.printf("epoch %d/%d  loss %.4f  train acc %.4f  test acc %.4f  drift %s  %.1f s (cpu %.1f s)%n",
                    step, trainer.config().epochs(), m.get("train/loss"), m.get("train/accuracy"),
                    m.get("test/accuracy"), m.containsKey("diagnostics/orthogonality_drift")
                            ? String.format("%.2e", m.get("diagnostics/orthogonality_drift")) : "-",
                    m.get("charts/wall_seconds"), m.get("charts/cpu_seconds"));
            err.flush();
        };
        MetricsSink sink = run.sink(progress);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                if (!finished.await(60, TimeUnit.SECONDS)) {
                    run.finish(TrackedRun.EXIT_STOPPED);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "odetoode-supervised-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SupervisedTrainer.Result r = trainer.run(sink);
            run.finish(r.completed() ? 0 : TrackedRun.EXIT_STOPPED);
            err.printf("%s after %d epochs: test accuracy %.4f, %.1f s (cpu %.1f s); run dir %s%n",
                    r.completed() ? "done" : "stopped (checkpoint written)", r.epochs(), r.testAccuracy(),
                    r.wallSeconds(), r.cpuSeconds(), dir);
            err.flush();
            if (json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("status", r.completed() ? "completed" : "stopped");
                j.put("epochs", r.epochs());
                j.put("test_accuracy", r.testAccuracy());
                j.put("train_loss", r.trainLoss());
                j.put("wall_seconds", r.wallSeconds());
                j.put("cpu_seconds", r.cpuSeconds());
                j.put("run_dir", dir.toString());
                out.println(Json.line(j));
            }
            out.flush();
            return 0;
        } catch (RuntimeException | Error e) {
            run.fail(e);
            throw e;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook is running and now returns
            }
        }
    }

    /** The train and test splits of the config's dataset. */
    static Examples[] load(SupervisedConfig config) {
        TrainTest data = DatasetLocator.load(config.dataset(), config.data() == null ? null : Path.of(config.data()));
        return new Examples[] {Examples.of(data.train()), Examples.of(data.test())};
    }

    /** --set entries, then the named flags (which win). */
    private Map<String, String> overrides() {
        return new Overrides(sets)
                .flag("dataset", dataset)
                .flag("data", data)
                .flag("policy", policy)
                .flag("epochs", epochs)
                .flag("seed", seed)
                .flag("threads", threads)
                .map();
    }
}
