package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code odetoode bench es} with tiny budgets: what it prints and refuses. A benchmark, so nothing here times
 * anything: the figures are only checked to be there and positive.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIGURES = {"steady_steps_per_second_per_core", "steady_steps_per_cpu_second",
        "end_to_end_steps_per_second", "process_steps_per_second", "process_steps_per_cpu_second", "warmup_seconds",
        "warmup_excess_seconds", "warmup_excess_cpu_seconds", "act_step_steps_per_second",
        "act_step_steps_per_cpu_second"};

    @Test
    void twoRoundsInFreshJvmsPrintFiguresAndTheirMedianAsOneJsonLine() throws Exception {
        List<Path> before = benchDirectories();
        CliRunner.Result r = CliRunner.run("bench", "es", "--iterations", "3", "--warmup", "1", "--rounds", "2",
                "--limit-steps", "1000", "--set", "population-size=4", "--set", "policy-options.d=4", "--set",
                "final-eval-episodes=1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals("CartPole-v1", j.get("env").asText());
        assertEquals("odetoode", j.get("policy").asText());
        assertEquals(1, j.get("threads").asInt());
        assertEquals(3, j.get("iterations").asInt());
        assertEquals(1, j.get("warmup").asInt());
        assertEquals(2, j.get("rounds").asInt());
        assertFalse(j.get("cpu_model").asText().isEmpty());
        assertTrue(j.get("jvm").asText().contains(System.getProperty("java.vm.version")), j.get("jvm").asText());
        assertTrue(j.get("jvm_options").isArray());
        if (Files.exists(Path.of("/proc/loadavg"))) {
            assertEquals(3, j.get("load_start").size());
            assertEquals(3, j.get("load_end").size());
        }
        assertEquals(2, j.get("per_round").size());
        for (JsonNode round : j.get("per_round")) {
            for (String key : FIGURES) {
                assertTrue(round.get(key).isNumber(), key + " in " + round);
            }
            assertTrue(round.get("steady_steps_per_second_per_core").asDouble() > 0, round.toString());
            assertTrue(round.get("env_steps").asLong() > 0);
            assertEquals(64, round.get("params_sha256").asText().length());
        }
        // Rounds train the same config: the same parameters, whatever their speed.
        assertEquals(j.get("per_round").get(0).get("params_sha256"), j.get("per_round").get(1).get("params_sha256"));
        for (String key : FIGURES) {
            double a = j.get("per_round").get(0).get(key).asDouble();
            double b = j.get("per_round").get(1).get(key).asDouble();
            assertEquals((a + b) / 2, j.get("median").get(key).asDouble(), 1e-9 * Math.abs(a + b), key);
        }
        assertTrue(r.out().contains("round 1: steady "), r.out());
        assertTrue(r.out().contains("median of 2 rounds: steady "), r.out());
        assertTrue(r.out().contains("load average at start: "), r.out());
        assertEquals(before, benchDirectories(), "the rounds' run directories are temporary and gone");
    }

    private static List<Path> benchDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("odetoode-bench-")).sorted().toList();
        }
    }

    @Test
    void twoThreadsAreCountedPerCore() throws Exception {
        CliRunner.Result r = CliRunner.run("bench", "es", "--threads", "2", "--iterations", "2", "--warmup", "1",
                "--rounds", "1", "--limit-steps", "1000", "--set", "population-size=4", "--set", "policy-options.d=4",
                "--set", "final-eval-episodes=1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(2, j.get("threads").asInt());
        // The training thread's CPU clock does not cover two threads' rollouts: no per-CPU-second figure.
        assertTrue(j.get("per_round").get(0).get("steady_steps_per_cpu_second").isNull());
        assertTrue(j.get("median").get("steady_steps_per_cpu_second").isNull());
        assertTrue(j.get("median").get("warmup_excess_cpu_seconds").isNull());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] cases = {
            {"--warmup", "5", "--iterations", "5"},
            {"--warmup", "-1"},
            {"--rounds", "0"},
            {"--limit-steps", "0"},
            {"--threads", "many"},
            {"--set", "agent=ppo"},
            {"--set", "max-env-steps=1000"},
            {"--env", "NoSuchEnv-v0"},
            {"--set", "no-such-key=1"},
        };
        for (String[] args : cases) {
            String[] full = new String[args.length + 2];
            full[0] = "bench";
            full[1] = "es";
            System.arraycopy(args, 0, full, 2, args.length);
            CliRunner.Result r = CliRunner.run(full);
            assertEquals(2, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("odetoode bench es: "), r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
    }

    @Test
    void helpNamesEveryOption() {
        CliRunner.Result r = CliRunner.run("bench", "es", "--help");
        assertEquals(0, r.exitCode());
        for (String option : new String[] {"--env", "--policy", "--threads", "--rounds", "--iterations", "--warmup",
            "--set", "--json", "--limit-steps"}) {
            assertTrue(r.out().contains(option), option);
        }
        assertFalse(r.out().contains("--round "), "the per-round JVM's option is hidden");
        assertEquals(0, CliRunner.run("bench", "--help").exitCode());
        assertEquals(2, CliRunner.run("bench").exitCode());
    }
}
