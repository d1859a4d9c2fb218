package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.odetoode.experiments.cli.CliRunner;

/**
 * A small suite, trained once per test JVM: {@code cells/<env>__<label>__seed<N>} for CartPole-v1 and Pendulum-v1,
 * odetoode against odetoode-unrestricted, seeds 0 and 1 (a few ES iterations each, with offline tracking), plus
 * fixture cells: a failed cell (result.json with status failed) and two MountainCarContinuous-v0 cells known only
 * from result.json (no history).
 */
final class ReportFixtures {
    /** Trained cells. */
    static final int TRAINED = 8;
    /** All cells, the fixtures included. */
    static final int CELLS = TRAINED + 3;
    /** The failed fixture cell's folder name. */
    static final String FAILED_CELL = "CartPole-v1__odetoode-unrestricted__seed7";

    private static Path suite;

    private ReportFixtures() {
    }

    /** The suite folder (trained on first use, deleted when the JVM exits). */
    static synchronized Path suite() {
        if (suite == null) {
            try {
                Path dir = Files.createTempDirectory("odetoode-report-suite");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                train(dir);
                suite = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return suite;
    }

    private static void train(Path dir) throws IOException {
        Files.writeString(dir.resolve("suite.yaml"), "name: report-test\n");
        for (String env : new String[] {"CartPole-v1", "Pendulum-v1"}) {
            for (String policy : new String[] {"odetoode", "odetoode-unrestricted"}) {
                for (int seed = 0; seed < 2; seed++) {
                    Path cell = dir.resolve("cells/" + env + "__" + policy + "__seed" + seed);
                    CliRunner.Result r = CliRunner.run("train", "--env", env, "--policy", policy, "--seed",
                            Integer.toString(seed), "--iterations", "6", "--threads", "1", "--track", "offline",
                            "--set", "population-size=8", "--set", "policy-options.d=4", "--set", "eval-every=2",
                            "--set", "eval-episodes=2", "--set", "final-eval-episodes=3", "--run-dir",
                            cell.toString());
                    assertEquals(0, r.exitCode(), r.err());
                }
            }
        }
        Path failed = dir.resolve("cells/" + FAILED_CELL);
        RunReaderTest.config(failed, "CartPole-v1", "odetoode-unrestricted", "{}", 7);
        RunReaderTest.write(failed, "result.json", "{\"status\": \"failed\", \"message\": \"the flow diverged\","
                + " \"env\": \"CartPole-v1\", \"policy\": \"odetoode-unrestricted\", \"seed\": 7}");
        for (int seed = 0; seed < 2; seed++) {
            Path cell = dir.resolve("cells/MountainCarContinuous-v0__odetoode__seed" + seed);
            RunReaderTest.config(cell, "MountainCarContinuous-v0", "odetoode", "{}", seed);
            RunReaderTest.write(cell, "result.json", "{\"status\": \"completed\", \"message\": \"\","
                    + " \"iterations\": 50, \"env_steps\": 90000, \"wall_seconds\": 3.5, \"final_eval_return\": "
                    + (seed == 0 ? "93.5" : "-4.25") + ", \"final_eval_std\": 1.0, \"best_eval_return\": 94.0,"
                    + " \"infeasible_candidates\": 0, \"parameter_count\": 322}");
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
