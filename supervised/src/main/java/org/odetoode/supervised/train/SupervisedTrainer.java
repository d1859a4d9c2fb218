package org.odetoode.supervised.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.odetoode.agents.CheckpointFile;
import org.odetoode.agents.Metrics;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.internal.Parallel;
import org.odetoode.agents.optim.Adam;
import org.odetoode.agents.optim.Optimizer;
import org.odetoode.agents.optim.OptimizerState;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.supervised.model.Classifier;

/**
 * Trains a {@link Classifier} with Adam on minibatches of the mean softmax cross-entropy, by exact reverse mode in
 * plain Java, the learning rate following the config's {@link Schedule} over the run's minibatches. Each minibatch
 * is split into chunks of {@value #CHUNK_ROWS} rows computed on the workers and summed in chunk order, then the
 * block's shared reverse pass (the weight flow) runs once; so the thread count never changes the result. The run
 * directory holds {@value #CONFIG_FILE}, {@code checkpoint.json} (after every epoch and on {@link #requestStop()},
 * mid-epoch) and {@value #RESULT_FILE}; a resumed run continues bit-identically.
 */
public final class SupervisedTrainer {
    /** Classes of the datasets (MNIST, Fashion-MNIST). */
    public static final int CLASSES = 10;
    public static final String CONFIG_FILE = "config.yaml";
    public static final String RESULT_FILE = "result.json";
    static final int CHUNK_ROWS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String KIND = "supervised";

    private final SupervisedConfig config;
    private final Path runDir;
    private final Examples train;
    private final Examples test;
    private volatile boolean stopRequested;
    /** For tests: the minibatch (counted over the run from 0) before which to stop as on {@link #requestStop()}. */
    private long stopBefore = -1;

    private State state;

    /** Where a run stands: at minibatch {@code batch} of epoch {@code epoch} (0-based), with the epoch's sums so far. */
    private record State(int epoch, int batch, double[] theta, OptimizerState optimizer, double[] sums,
            double wallSeconds, double cpuSeconds, double testAccuracy, double trainLoss) {
    }

    /** How a run ended. */
    public record Result(boolean completed, int epochs, double testAccuracy, double trainLoss, double wallSeconds,
            double cpuSeconds, Path runDir) {
    }

    private SupervisedTrainer(SupervisedConfig config, Path runDir, Examples train, Examples test, State state) {
        this.config = config;
        this.runDir = runDir;
        this.train = train;
        this.test = test;
        this.state = state;
    }

    /** A new run in {@code runDir}, which must not hold a run unless {@code force}; writes the config. */
    public static SupervisedTrainer create(SupervisedConfig config, Path runDir, boolean force, Examples train,
            Examples test) {
        if (Files.exists(runDir) && !Files.isDirectory(runDir)) {
            throw new IllegalArgumentException("Run directory " + runDir + " is a file; choose another --run-dir");
        }
        if (Files.exists(runDir.resolve(CONFIG_FILE)) && !force) {
            throw new IllegalArgumentException("Run directory " + runDir + " already holds a run; pass --resume "
                    + runDir + " to continue it or --force to overwrite it");
        }
        Classifier classifier = classifier(config, train);
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(runDir.resolve(CheckpointFile.NAME));
            Files.deleteIfExists(runDir.resolve(RESULT_FILE));
            Files.writeString(runDir.resolve(CONFIG_FILE), "# " + config.policy() + " classifier, "
                    + classifier.parameterCount() + " parameters\n" + YAML.writeValueAsString(config.toMap()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare run directory " + runDir + ": " + e.getMessage(), e);
        }
        double[] theta = classifier.parameters();
        return new SupervisedTrainer(config, runDir, train, test, new State(0, 0, theta,
                optimizer(config, 0, 1).init(theta.length), new double[sumsLength(classifier)], 0.0, 0.0, Double.NaN,
                Double.NaN));
    }

    /** The config saved in {@code runDir}. */
    public static SupervisedConfig readConfig(Path runDir) {
        Path file = runDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No supervised run in " + runDir + ": expected " + file);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = YAML.readValue(file.toFile(), Map.class);
            SupervisedConfig.LEGACY.forEach(m::putIfAbsent);
            return SupervisedConfig.resolve(m);
        } catch (IOException e) {
            throw new IllegalArgumentException("Config " + file + " is not readable YAML: " + e.getMessage());
        }
    }

    /** Continues the run in {@code runDir} from its checkpoint (from the start if it has none). */
    public static SupervisedTrainer resume(Path runDir, Map<String, String> overrides, Examples train,
            Examples test) {
        SupervisedConfig config = readConfig(runDir).resumed(overrides);
        Path file = runDir.resolve(CheckpointFile.NAME);
        State saved = Files.isRegularFile(file) ? readState(file) : null;
        SupervisedTrainer trainer = create(config, runDir, true, train, test);
        if (saved != null) {
            trainer.state = saved;
            trainer.writeCheckpoint();
        }
        return trainer;
    }

    /** The fraction of each of {@code sets} that the classifier in {@code runDir}'s checkpoint gets right. */
    public static double[] evaluate(Path runDir, SupervisedConfig config, List<Examples> sets) {
        double[] theta = readState(runDir.resolve(CheckpointFile.NAME)).theta();
        Classifier master = classifier(config, sets.get(0));
        double[] accuracy = new double[sets.size()];
        try (Parallel<Classifier> workers = new Parallel<>(config.threads(), w -> master.copy(), "odetoode-sup")) {
            for (int i = 0; i < accuracy.length; i++) {
                accuracy[i] = accuracy(workers, theta, sets.get(i));
            }
        }
        return accuracy;
    }

    public SupervisedConfig config() {
        return config;
    }

    /** Asks the loop to write a checkpoint and stop after the current minibatch. Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Stops before minibatch {@code minibatch} of the run (0-based, over all epochs), as Ctrl-C there would. */
    void stopBefore(long minibatch) {
        stopBefore = minibatch;
    }

    /** The parameters now. */
    public double[] parameters() {
        return state.theta().clone();
    }

    private static State readState(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No checkpoint " + file + ": the run has not finished an epoch");
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (!KIND.equals(n.path("kind").asText())) {
                throw new IllegalArgumentException("Checkpoint " + file + " is not a supervised checkpoint");
            }
            return new State(n.get("epoch").asInt(), n.get("batch").asInt(), CheckpointFile.array(n, "theta"),
                    CheckpointFile.optimizerState(n), CheckpointFile.array(n, "epoch-sums"),
                    CheckpointFile.scalar(n, "wall-seconds"), CheckpointFile.scalar(n, "cpu-seconds"),
                    CheckpointFile.scalar(n, "test-accuracy"), CheckpointFile.scalar(n, "train-loss"));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("Checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    static Classifier classifier(SupervisedConfig config, Examples data) {
        return config.stemChannels().length == 0
                ? Classifier.of(config.policy(), data.pixels(), CLASSES, config.policyOptions())
                : Classifier.withConvStem(config.policy(), data.pixels(), CLASSES, config.policyOptions(),
                        config.stemChannels(), config.seed());
    }

    /** Adam at the scheduled learning rate of minibatch {@code step} of {@code steps} in the run. */
    static Optimizer optimizer(SupervisedConfig config, long step, long steps) {
        return new Adam(config.learningRate() * config.schedule().factor(step, steps), 0.9, 0.999, 1e-8);
    }

    /** Loss sum, correct count, then one gradient-norm sum per parameter block. */
    private static int sumsLength(Classifier classifier) {
        return 2 + classifier.parameterBlocks().size();
    }

    /**
     * Trains to the configured epochs (or a stop request), logging one row per epoch to {@code sink}. A run whose
     * parameters or weight flow stop being finite throws {@link ArithmeticException} after writing result.json with
     * status {@code diverged} and the last good epoch's figures (its checkpoint, which eval reads).
     */
    public Result run(MetricsSink sink) {
        try {
            return train(sink);
        } catch (ArithmeticException e) {
            writeResult("diverged", state.testAccuracy(), state.trainLoss());
            throw e;
        }
    }

    private Result train(MetricsSink sink) {
        Classifier master = classifier(config, train);
        Network net = master.network();
        List<ParameterBlock> blocks = master.parameterBlocks();
        int n = train.size();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        long wallStart = System.nanoTime();
        long cpuStart = processCpuNanos();
        double wallBefore = state.wallSeconds();
        double cpuBefore = state.cpuSeconds();
        // a resumed run that stops or ends before another epoch reports the last epoch's figures
        double lastTestAccuracy = state.testAccuracy();
        double lastLoss = state.trainLoss();
        try (Parallel<Classifier> workers = new Parallel<>(config.threads(), w -> master.copy(), "odetoode-sup")) {
            while (state.epoch() < config.epochs()) {
                int epoch = state.epoch();
                int[] order = permutation(n, config.seed(), epoch);
                double[] sums = state.sums().clone();
                double[] theta = state.theta();
                OptimizerState opt = state.optimizer();
                for (int b = state.batch(); b < batches; b++) {
                    if (stopRequested || (long) epoch * batches + b == stopBefore) {
                        state = new State(epoch, b, theta, opt, sums, wallBefore + seconds(wallStart),
                                cpuBefore + (processCpuNanos() - cpuStart) * 1e-9, lastTestAccuracy, lastLoss);
                        writeCheckpoint();
                        return finish(false, lastTestAccuracy, lastLoss);
                    }
                    int from = b * config.batchSize();
                    int size = Math.min(n, from + config.batchSize()) - from;
                    double[] grad = gradient(workers, order, from, size, theta, sums);
                    for (int k = 0; k < blocks.size(); k++) {
                        ParameterBlock block = blocks.get(k);
                        double s = 0.0;
                        for (int i = block.offset(); i < block.offset() + block.length(); i++) {
                            s += grad[i] * grad[i];
                        }
                        sums[2 + k] += Math.sqrt(s);
                    }
                    for (int i = 0; i < grad.length; i++) {
                        grad[i] = -grad[i]; // Adam ascends
                    }
                    Optimizer.Step step = optimizer(config, (long) epoch * batches + b,
                            (long) config.epochs() * batches).step(opt, theta, grad);
                    theta = step.parameters();
                    opt = step.state();
                    for (double x : theta) {
                        if (!Double.isFinite(x)) {
                            throw new ArithmeticException("training diverged in epoch " + (epoch + 1)
                                    + ", minibatch " + (b + 1) + ": a parameter is " + x);
                        }
                    }
                }
                lastLoss = sums[0] / n;
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("train/loss", lastLoss);
                m.put("train/accuracy", sums[1] / n);
                lastTestAccuracy = accuracy(workers, theta, test);
                m.put("test/accuracy", lastTestAccuracy);
                for (int k = 0; k < blocks.size(); k++) {
                    m.put("gradients/norm/" + blocks.get(k).name(), sums[2 + k] / batches);
                }
                if (net instanceof OdeNetwork ode) {
                    master.load(theta);
                    m.put("diagnostics/orthogonality_drift", Metrics.orthogonalityDrift(ode));
                }
                double wall = wallBefore + seconds(wallStart);
                double cpu = cpuBefore + (processCpuNanos() - cpuStart) * 1e-9;
                m.put("charts/wall_seconds", wall);
                m.put("charts/cpu_seconds", cpu);
                state = new State(epoch + 1, 0, theta, opt, new double[sums.length], wall, cpu, lastTestAccuracy,
                        lastLoss);
                writeCheckpoint();
                sink.log(epoch + 1, m);
            }
        }
        return finish(true, lastTestAccuracy, lastLoss);
    }

    private Result finish(boolean completed, double testAccuracy, double trainLoss) {
        writeResult(completed ? "completed" : "stopped", testAccuracy, trainLoss);
        return new Result(completed, state.epoch(), testAccuracy, trainLoss, state.wallSeconds(), state.cpuSeconds(),
                runDir);
    }

    private void writeResult(String status, double testAccuracy, double trainLoss) {
        ObjectNode j = JSON.createObjectNode();
        j.put("status", status);
        j.put("policy", config.policy());
        j.put("dataset", config.dataset());
        j.put("epochs", state.epoch());
        j.put("test_accuracy", testAccuracy);
        j.put("train_loss", trainLoss);
        j.put("wall_seconds", state.wallSeconds());
        j.put("cpu_seconds", state.cpuSeconds());
        CheckpointFile.writeAtomically(runDir.resolve(RESULT_FILE), j, "result");
    }

    private void writeCheckpoint() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("kind", KIND);
        root.put("epoch", state.epoch());
        root.put("batch", state.batch());
        CheckpointFile.putArray(root, "theta", state.theta());
        CheckpointFile.putOptimizer(root, state.optimizer());
        CheckpointFile.putArray(root, "epoch-sums", state.sums());
        CheckpointFile.putScalar(root, "wall-seconds", state.wallSeconds());
        CheckpointFile.putScalar(root, "cpu-seconds", state.cpuSeconds());
        CheckpointFile.putScalar(root, "test-accuracy", state.testAccuracy());
        CheckpointFile.putScalar(root, "train-loss", state.trainLoss());
        CheckpointFile.writeAtomically(runDir.resolve(CheckpointFile.NAME), root, "checkpoint");
    }

    /**
     * dL/dθ of the mean cross-entropy over rows {@code order[from .. from + size)}; adds the rows' loss and correct
     * count to {@code sums[0]} and {@code sums[1]}.
     */
    static double[] gradient(Parallel<Classifier> workers, int[] order, Examples data, int from, int size,
            double[] theta, double[] sums) {
        int chunks = (size + CHUNK_ROWS - 1) / CHUNK_ROWS;
        Network first = workers.contexts().get(0).network();
        int p = workers.contexts().get(0).parameterCount();
        double[][] gp = new double[chunks][];
        double[][] shared = new double[chunks][];
        Classifier.Rows[] rows = new Classifier.Rows[chunks];
        workers.forEach(chunks, (w, k) -> {
            load(w, theta);
            gp[k] = new double[p];
            shared[k] = new double[w.network().sharedAdjointSize()];
            int a = from + k * CHUNK_ROWS;
            rows[k] = w.accumulate(data.images(), data.labels(), order, a, Math.min(from + size, a + CHUNK_ROWS),
                    1.0 / size, gp[k], shared[k]);
        });
        for (int k = 1; k < chunks; k++) {
            add(gp[0], gp[k]);
            add(shared[0], shared[k]);
        }
        for (Classifier.Rows r : rows) {
            sums[0] += r.loss() * size;
            sums[1] += r.correct();
        }
        load(workers.contexts().get(0), theta);
        first.finishGradient(shared[0], gp[0]);
        return gp[0];
    }

    private double[] gradient(Parallel<Classifier> workers, int[] order, int from, int size, double[] theta,
            double[] sums) {
        return gradient(workers, order, train, from, size, theta, sums);
    }

    /** The fraction of {@code data} that the classifier at {@code theta} gets right. */
    static double accuracy(Parallel<Classifier> workers, double[] theta, Examples data) {
        int chunks = (data.size() + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int[] correct = new int[chunks];
        workers.forEach(chunks, (w, k) -> {
            load(w, theta);
            for (int r = k * CHUNK_ROWS; r < Math.min(data.size(), (k + 1) * CHUNK_ROWS); r++) {
                correct[k] += w.predict(data.images()[r]) == data.labels()[r] ? 1 : 0;
            }
        });
        long total = 0;
        for (int c : correct) {
            total += c;
        }
        return (double) total / data.size();
    }

    /** Loads θ into a worker unless it holds that very array already (θ arrays are never modified). */
    private static void load(Classifier w, double[] theta) {
        if (w.loaded() != theta) {
            w.load(theta);
        }
    }

    private static void add(double[] into, double[] x) {
        for (int i = 0; i < into.length; i++) {
            into[i] += x[i];
        }
    }

    /** The order of epoch {@code epoch}'s rows: a Fisher-Yates shuffle seeded by the run seed and the epoch. */
    static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0L;
    }
}
