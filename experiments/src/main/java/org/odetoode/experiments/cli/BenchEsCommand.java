package org.odetoode.experiments.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.bench.ActStepLimit;
import org.odetoode.agents.bench.IterationRates;
import org.odetoode.envs.Env;
import org.odetoode.experiments.report.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code odetoode bench es}: runs the evolution-strategy training loop of {@code train} (same trainer, tracking off,
 * a temporary run directory) for a number of rounds and prints its throughput per round and the median over rounds.
 * Each round runs in a fresh JVM with this JVM's options, so that every round's end-to-end figure includes the JIT's
 * warm-up and class loading as a {@code train} run's does, and launcher options (an AppCDS archive, JIT flags) are
 * measured as they are used.
 */
@Command(name = "es", mixinStandardHelpOptions = true,
        description = {"Benchmark the ES training loop: env steps per second per core at steady state (whole"
                + " iterations after the warm-up: rollouts, update, the new centre's weight flow), end to end"
                + " (the whole run, as train reports it, and with the JVM's start-up), the cost of the warm-up"
                + " iterations, and the act+step limit (policy forward + env step only, one thread, no ES).",
            "Each round trains in a fresh JVM; the machine's load average is printed at start and end. Example:"
                + " odetoode bench es --threads 1 --rounds 5 --json"})
public final class BenchEsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_ITERATIONS = 300;
    private static final int DEFAULT_THREADS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id (default CartPole-v1).")
    String env;

    @Option(names = "--policy", paramLabel = "NAME", description = "Policy network (default odetoode).")
    String policy;

    @Option(names = "--threads", paramLabel = "N", description = "Rollout threads (default 1).")
    Integer threads;

    @Option(names = "--iterations", paramLabel = "N", description = "Iterations per round (default 300).")
    Integer iterations;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "100",
            description = "Iterations before the steady state (default ${DEFAULT-VALUE}); fewer than --iterations.")
    int warmup;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
            description = "Rounds, each a fresh JVM (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--limit-steps", paramLabel = "N", defaultValue = "5000000",
            description = "Steps of the act+step limit, after as many to warm it up (default ${DEFAULT-VALUE}).")
    long limitSteps;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one train config key, e.g. --set rollout-precision=float64.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object as the last stdout line.")
    boolean json;

    /** Runs one round in this JVM and prints its figures as one JSON line: what each round's JVM is asked to do. */
    @Option(names = "--round", hidden = true)
    boolean round;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TrainConfig config = config();
        if (round) {
            spec.commandLine().getOut().println(Json.line(runRound(config, warmup, limitSteps)));
            spec.commandLine().getOut().flush();
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        int threadsUsed = threadsUsed(config);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("env", config.env());
        j.put("policy", config.policy());
        j.put("agent", config.agent());
        j.put("threads", threadsUsed);
        j.put("iterations", config.iterations());
        j.put("warmup", warmup);
        j.put("rounds", rounds);
        j.put("cpu_model", cpuModel());
        j.put("cores", Runtime.getRuntime().availableProcessors());
        j.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        j.put("jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
        j.put("load_start", loadAverage());
        out.printf("bench es: %s, policy %s, agent %s, %d thread%s, %d iterations of which %d warm-up, %d round%s"
                + " (each a fresh JVM)%n", config.env(), config.policy(), config.agent(), threadsUsed,
                threadsUsed == 1 ? "" : "s", config.iterations(), warmup, rounds, rounds == 1 ? "" : "s");
        out.printf("CPU %s, %d cores; JVM %s %s%n", j.get("cpu_model"), j.get("cores"), j.get("jvm"),
                j.get("jvm_options"));
        out.printf("load average at start: %s%n", loadText(j.get("load_start")));
        out.flush();

        List<Map<String, Object>> perRound = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("round", r);
            figures.putAll(roundInFreshJvm(r));
            perRound.add(figures);
            out.println("round " + r + ": " + text(figures));
            out.flush();
        }
        Map<String, Object> median = new LinkedHashMap<>();
        for (String key : FIGURES) {
            double[] values = perRound.stream().map(f -> f.get(key)).filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            median.put(key, values.length == 0 ? null : Stats.median(values)); // JSON has no NaN
        }
        j.put("load_end", loadAverage());
        j.put("per_round", perRound);
        j.put("median", median);
        out.println("median of " + rounds + " round" + (rounds == 1 ? "" : "s") + ": " + text(median));
        out.printf("load average at end: %s%n", loadText(j.get("load_end")));
        if (json) {
            out.println(Json.line(j));
        }
        out.flush();
        return 0;
    }

    /** The figures of a round that the median summarises, in the order printed. */
    private static final List<String> FIGURES = List.of("steady_steps_per_second_per_core",
            "steady_steps_per_cpu_second", "end_to_end_steps_per_second", "process_steps_per_second",
            "process_steps_per_cpu_second",
            "warmup_seconds", "warmup_excess_seconds", "warmup_excess_cpu_seconds", "act_step_steps_per_second",
            "act_step_steps_per_cpu_second");

    /** Bench defaults (one thread, 300 iterations), then the --set entries, then the named flags. */
    private Map<String, String> overrides() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("threads", Integer.toString(DEFAULT_THREADS));
        base.put("iterations", Integer.toString(DEFAULT_ITERATIONS));
        base.putAll(sets);
        return new Overrides(base).flag("env", env).flag("policy", policy).flag("threads", threads)
                .flag("iterations", iterations).map();
    }

    /** The config every round trains; bad input found here, before any round runs. */
    private TrainConfig config() {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be 1 or more, not " + rounds);
        }
        if (limitSteps < 1) {
            throw new IllegalArgumentException("--limit-steps must be 1 or more, not " + limitSteps);
        }
        TrainConfig c = TrainConfig.resolve(Map.of(), overrides());
        if (c.policyGradient()) {
            throw new IllegalArgumentException("bench es measures the evolution strategies (es, ars, orthogonal-es),"
                    + " not agent " + c.agent());
        }
        if (c.iterations() < 1 || c.maxEnvSteps() > 0) {
            throw new IllegalArgumentException("bench es runs a fixed number of iterations: give --iterations N"
                    + " (1 or more) and no max-env-steps");
        }
        if (warmup < 0 || warmup >= c.iterations()) {
            throw new IllegalArgumentException("--warmup must be 0 or more and fewer than the " + c.iterations()
                    + " iterations, not " + warmup);
        }
        try (Env probe = Trainer.makeEnv(c)) {
            Trainer.rolloutPolicy(c, probe); // a policy that does not fit the env is bad input, found before round 1
        }
        return c;
    }

    private static int threadsUsed(TrainConfig c) {
        return c.threads() > 0 ? c.threads() : Runtime.getRuntime().availableProcessors();
    }

    /** One round in this JVM: the training run, then the act+step limit (after it, so as not to warm the JIT up). */
    private static Map<String, Object> runRound(TrainConfig config, int warmup, long limitSteps) throws IOException {
        Path dir = Files.createTempDirectory("odetoode-bench-");
        // Ctrl-C ends the round's JVM too: its run directory goes with it, as far as the exiting trainer lets it.
        Thread cleanUp = new Thread(() -> {
            try {
                deleteRunDirectory(dir);
            } catch (IOException e) {
                System.err.println("bench es: could not remove " + dir + ": " + e.getMessage());
            }
        }, "odetoode-bench-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        TrainResult r;
        IterationRates clock;
        try {
            clock = new IterationRates(warmup);
            r = Trainer.create(config, dir, false).run(clock);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
            deleteRunDirectory(dir);
        }
        double processSeconds = ManagementFactory.getRuntimeMXBean().getUptime() * 1e-3;
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        double processCpuSeconds = os == null ? Double.NaN : os.getProcessCpuTime() * 1e-9;
        double steady = Stats.median(clock.wallRates());
        ActStepLimit.Rate limit = ActStepLimit.measure(config, limitSteps);
        int threads = threadsUsed(config);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("steady_steps_per_second_per_core", steady / threads);
        // The training thread's CPU time covers the whole iteration only when it is the one rollout thread.
        j.put("steady_steps_per_cpu_second", threads == 1 ? Stats.median(clock.cpuRates()) : null);
        j.put("end_to_end_steps_per_second", r.stepsPerSecond());
        j.put("process_steps_per_second", r.envSteps() / processSeconds);
        j.put("process_steps_per_cpu_second", r.envSteps() / processCpuSeconds);
        j.put("warmup_seconds", clock.warmupSeconds());
        j.put("warmup_excess_seconds", clock.warmupSeconds() - clock.warmupSteps() / steady);
        j.put("warmup_excess_cpu_seconds", threads == 1 ? clock.warmupCpuSeconds() - clock.warmupSteps()
                / Stats.median(clock.cpuRates()) : null);
        j.put("act_step_steps_per_second", limit.perWallSecond());
        j.put("act_step_steps_per_cpu_second", limit.perCpuSecond());
        j.put("env_steps", r.envSteps());
        j.put("wall_seconds", r.wallSeconds());
        j.put("params_sha256", r.paramsSha256());
        return j;
    }

    /** A run directory holds files only (config, checkpoint, result). */
    private static void deleteRunDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Runs round {@code r} in a fresh JVM with this JVM's options and class path; its stderr passes through. */
    private Map<String, Object> roundInFreshJvm(int r) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OdeToOdeCli.class.getName(),
                "bench", "es", "--round", "--warmup", Integer.toString(warmup), "--limit-steps",
                Long.toString(limitSteps)));
        // The same overrides, so that the round trains exactly the config this JVM checked.
        for (Map.Entry<String, String> e : overrides().entrySet()) {
            command.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException("round " + r + " failed: its JVM exited with code " + code
                        + " (its error is above)");
            }
            return JSON.readValue(lines[lines.length - 1], new TypeReference<LinkedHashMap<String, Object>>() { });
        } finally {
            p.destroy();
        }
    }

    private static String text(Map<String, Object> f) {
        StringBuilder s = new StringBuilder(String.format("steady %,.0f steps/s per core", number(f,
                "steady_steps_per_second_per_core")));
        if (f.get("steady_steps_per_cpu_second") instanceof Number cpu && Double.isFinite(cpu.doubleValue())) {
            s.append(String.format(" (%,.0f per CPU second)", cpu.doubleValue()));
        }
        s.append(String.format("; end to end %,.0f steps/s, %,.0f with the JVM's start-up (%,.0f per CPU second of"
                + " the JVM)", number(f, "end_to_end_steps_per_second"), number(f, "process_steps_per_second"),
                number(f, "process_steps_per_cpu_second")));
        s.append(String.format("; warm-up %.2f s, %.2f s over the steady rate", number(f, "warmup_seconds"),
                number(f, "warmup_excess_seconds")));
        if (f.get("warmup_excess_cpu_seconds") instanceof Number cpu && Double.isFinite(cpu.doubleValue())) {
            s.append(String.format(" (%.2f CPU seconds over it)", cpu.doubleValue()));
        }
        s.append(String.format("; act+step limit %,.0f steps/s (%,.0f per CPU second)", number(f,
                "act_step_steps_per_second"), number(f, "act_step_steps_per_cpu_second")));
        if (f.containsKey("params_sha256")) {
            s.append("; params_sha256 ").append(f.get("params_sha256").toString(), 0, 16).append('…');
        }
        return s.toString();
    }

    private static double number(Map<String, Object> f, String key) {
        return f.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The 1, 5 and 15 minute load averages, or null where /proc/loadavg does not exist. */
    private static List<Double> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Arrays.stream(fields, 0, 3).map(Double::valueOf).toList();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String loadText(Object load) {
        return load == null ? "unknown (no /proc/loadavg)" : load.toString();
    }

    /** The CPU's model name from /proc/cpuinfo, else the JVM's architecture name. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }
}
