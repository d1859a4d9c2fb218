package org.odetoode.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odetoode.envs.Env;
import org.odetoode.envs.EnvSpec;
import org.odetoode.envs.Envs;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.golden.GoldenReplay;
import org.odetoode.envs.golden.GoldenReport;
import org.odetoode.envs.golden.GoldenResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code odetoode envs}: the registered environments, their parity with reference episodes, and their speed. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "List, verify and benchmark the registered environments.",
        subcommands = {EnvsCommand.ListCommand.class, EnvsCommand.VerifyCommand.class, EnvsCommand.BenchCommand.class})
public final class EnvsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, verify or bench");
    }

    /** {@code envs list}: every id with its spaces, time limit and reward threshold. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print every registered id with its observation and action space.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON object as the last line.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String id : Envs.ids()) {
                EnvSpec envSpec = Envs.spec(id);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", id);
                try (Env env = Envs.make(id)) {
                    row.put("observation_space", env.observationSpace().toString());
                    row.put("action_space", env.actionSpace().toString());
                } catch (RuntimeException e) {
                    // One family failing to load (e.g. a missing native library) must not hide the others.
                    row.put("unavailable", e.getMessage());
                }
                row.put("max_episode_steps", envSpec.maxEpisodeSteps());
                row.put("reward_threshold", envSpec.rewardThreshold().isPresent()
                        ? envSpec.rewardThreshold().getAsDouble() : null);
                rows.add(row);
                if (!json) {
                    out.printf("%-26s %s%n", id, row.containsKey("unavailable")
                            ? "unavailable: " + row.get("unavailable")
                            : "observation " + row.get("observation_space") + "  action " + row.get("action_space"));
                }
            }
            if (json) {
                out.println(Json.line(Map.of("envs", rows)));
            }
            return 0;
        }
    }

    /** {@code envs verify}: replays a golden file, one line per env id; exit 1 on any mismatch. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Replay every episode of a reference file (format of shared/golden/README.md) and print, "
                + "per env id, the episodes, the maximum absolute observation error, the maximum reward error and "
                + "the mismatched terminated/truncated flags.",
                "Exit 0 only if every id is within 1e-5 (observations), 1e-6 (rewards) and 0 flags."})
    static final class VerifyCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--golden", required = true, paramLabel = "FILE", description = "The reference JSONL file.")
        Path golden;

        @Option(names = "--json", description = "Print one JSON object as the last line.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(golden)) {
                throw new IllegalArgumentException("Golden file " + golden + " does not exist or is not a file; pass"
                        + " e.g. --golden shared/golden/classic_control.jsonl");
            }
            GoldenReport report = GoldenReplay.replay(golden);
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!json) {
                out.printf("%-26s %8s %7s %14s %16s %15s  %s%n", "env", "episodes", "steps", "max_obs_error",
                        "max_reward_error", "flag_mismatches", "result");
            }
            for (GoldenResult r : report.results()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("env", r.envId());
                row.put("episodes", r.episodes());
                row.put("steps", r.steps());
                row.put("max_obs_error", r.maxObservationError());
                row.put("max_reward_error", r.maxRewardError());
                row.put("flag_mismatches", r.flagMismatches());
                row.put("match", r.matches());
                rows.add(row);
                if (!json) {
                    out.printf("%-26s %8d %7d %14.3e %16.3e %15d  %s%n", r.envId(), r.episodes(), r.steps(),
                            r.maxObservationError(), r.maxRewardError(), r.flagMismatches(),
                            r.matches() ? "ok" : "MISMATCH");
                }
            }
            boolean match = report.matches();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("golden", golden.toString());
                result.put("match", match);
                result.put("obs_tolerance", GoldenReplay.OBSERVATION_TOLERANCE);
                result.put("reward_tolerance", GoldenReplay.REWARD_TOLERANCE);
                result.put("envs", rows);
                out.println(Json.line(result));
            } else {
                out.printf("%s: %d env ids, %s within %.0e (observations) and %.0e (rewards)%n", golden,
                        rows.size(), match ? "all" : "NOT all", GoldenReplay.OBSERVATION_TOLERANCE,
                        GoldenReplay.REWARD_TOLERANCE);
            }
            return match ? 0 : OdeToOdeCli.FAILED;
        }
    }

    /** {@code envs bench}: single-thread environment steps per second with random actions. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Measure environment steps per second on one thread: the env as Envs.make builds it "
                + "(with its TimeLimit), stepped with uniformly random actions drawn beforehand (a cycle of 4096, "
                + "so the RNG is not timed), resetting when an episode ends; timed after a warm-up.",
                "Also reports steps per second of the thread's CPU time, which a busy machine disturbs less."})
    static final class BenchCommand implements Callable<Integer> {
        private static final int ACTIONS = 4096;
        /** Steps between clock reads. */
        private static final int CHUNK = 1 << 14;
        /** Keeps the rewards observable, so the JIT cannot drop the steps. */
        private static volatile double blackhole;

        @Spec
        CommandSpec spec;

        @Option(names = "--env", required = true, paramLabel = "ID", description = "Environment id, e.g. CartPole-v1.")
        String id;

        @Option(names = "--seconds", defaultValue = "3", paramLabel = "S",
                description = "Timed duration in seconds (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "1", paramLabel = "S",
                description = "Untimed warm-up in seconds, for the JIT (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the environment and the actions.")
        long seed;

        @Option(names = "--json", description = "Print one JSON object as the last line.")
        boolean json;

        @Override
        public Integer call() {
            if (!(seconds > 0) || !(warmup >= 0)) {
                throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0, got " + seconds + " and "
                        + warmup);
            }
            try (Env env = Envs.make(id)) {
                Rng rng = new Rng(seed);
                double[][] actions = new double[ACTIONS][];
                for (int i = 0; i < ACTIONS; i++) {
                    actions[i] = env.actionSpace().sample(rng);
                }
                Transition t = new Transition(env.observationSpace().size());
                env.reset(seed, t);
                run(env, actions, t, warmup);
                long[] counts = run(env, actions, t, seconds);
                double elapsed = counts[2] * 1e-9;
                double rate = counts[0] / elapsed;
                double cpuRate = counts[3] > 0 ? counts[0] / (counts[3] * 1e-9) : Double.NaN;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("env", id);
                result.put("steps_per_second", rate);
                result.put("steps_per_cpu_second", cpuRate);
                result.put("steps", counts[0]);
                result.put("episodes", counts[1]);
                result.put("seconds", elapsed);
                PrintWriter out = spec.commandLine().getOut();
                out.println(json ? Json.line(result)
                        : String.format("%s: %.3f M steps/s (%.3f M per CPU second; %d steps, %d episodes ended,"
                                + " %.2f s, one thread)", id, rate / 1e6, cpuRate / 1e6, counts[0], counts[1], elapsed));
            }
            return 0;
        }

        /** Steps for about {@code duration} seconds; returns {steps, episodes ended, wall ns, thread CPU ns or -1}. */
        private static long[] run(Env env, double[][] actions, Transition t, double duration) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long deadline = start + (long) (duration * 1e9);
            long steps = 0;
            long episodes = 0;
            double sum = 0;
            long now;
            int k = 0;
            do {
                for (int i = 0; i < CHUNK; i++) {
                    env.step(actions[k], t);
                    k = (k + 1) & (ACTIONS - 1);
                    sum += t.reward;
                    if (t.terminated || t.truncated) {
                        env.reset(t);
                        episodes++;
                    }
                }
                steps += CHUNK;
                now = System.nanoTime();
            } while (now < deadline);
            long cpuEnd = threads.getCurrentThreadCpuTime();
            blackhole = sum;
            return new long[] {steps, episodes, now - start, cpuStart < 0 ? -1 : cpuEnd - cpuStart};
        }
    }
}
