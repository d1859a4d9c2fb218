package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading run directories: result.json first, the tracker's files otherwise, merged histories, labels, statuses. */
class RunReaderTest {
    @TempDir
    Path tmp;

    /** Writes {@code dir/name} (creating folders). */
    static void write(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), content);
    }

    static void config(Path dir, String env, String policy, String options, long seed) throws IOException {
        write(dir, "config.yaml", "env: " + env + "\npolicy: " + policy + "\npolicy-options: " + options
                + "\nagent: es\nseed: " + seed + "\niterations: 5\n");
    }

    @Test
    void resultJsonIsThePrimarySource() throws IOException {
        Path dir = tmp.resolve("suite/cells/Pendulum-v1__odetoode-gated__seed3");
        config(dir, "Pendulum-v1", "odetoode", "{flow: gated}", 3);
        write(dir, "result.json", """
                {"status": "completed", "message": "", "env": "Pendulum-v1", "policy": "odetoode", "agent": "es",
                 "seed": 3, "iterations": 200, "env_steps": 1600000, "wall_seconds": 81.5,
                 "final_eval_return": -312.25, "final_eval_std": 40.5, "best_eval_return": -290.0,
                 "best_eval_iteration": 180, "infeasible_candidates": 7, "parameter_count": 353,
                 "params_sha256": "ab"}""");
        RunRecord c = RunReader.read(dir);
        assertEquals("odetoode-gated", c.label(), "a suite cell's label is its folder's label part");
        assertEquals(RunRecord.Group.RESTRICTED, c.group());
        assertEquals("result.json", c.source());
        assertTrue(c.completed());
        assertEquals(-312.25, c.finalReturn());
        assertEquals(40.5, c.finalStd());
        assertEquals(-290.0, c.bestReturn());
        assertEquals(1600000, c.envSteps());
        assertEquals(200, c.iterations());
        assertEquals(81.5, c.wallSeconds());
        assertEquals(7, c.infeasibleCandidates());
        assertEquals(353, c.parameterCount());
        assertEquals(3, c.seed());
    }

    @Test
    void aFailedResultIsListedWithItsMessage() throws IOException {
        Path dir = tmp.resolve("cells/CartPole-v1__odetoode-unrestricted__seed1");
        config(dir, "CartPole-v1", "odetoode-unrestricted", "{}", 1);
        write(dir, "result.json", "{\"status\": \"failed\", \"message\": \"the flow diverged at iteration 9\","
                + " \"final_eval_return\": null, \"parameter_count\": 386}");
        RunRecord c = RunReader.read(dir);
        assertFalse(c.completed());
        assertEquals("failed", c.status());
        assertEquals("the flow diverged at iteration 9", c.message());
        assertEquals(RunRecord.Group.UNRESTRICTED, c.group());
    }

    @Test
    void resumedRunsMergeTheirHistoriesByStepTheLaterWinning() throws IOException {
        Path dir = tmp.resolve("runs/a");
        config(dir, "CartPole-v1", "odetoode-unrestricted", "{}", 0);
        Path first = dir.resolve("wandb/offline-run-20260101_000000-aaaa");
        write(first, "wandb-history.jsonl", """
                {"_step": 1, "charts/env_steps": 100, "charts/return_mean": 10.0, "charts/infeasible_candidates": 1}
                {"_step": 2, "charts/env_steps": 250, "charts/return_mean": 20.0, "eval/return_mean": 30.0}
                {"_step": 3, "charts/env_steps": 400, "charts/return_mean": 99.0, "charts/infeasible_candidates": 5}
                {"_step": 4, "charts/env_steps": 5""");
        write(first, "run.json", "{\"exitCode\": 130}");
        Path second = dir.resolve("wandb/offline-run-20260101_010000-bbbb");
        write(second, "wandb-history.jsonl", """
                {"_step": 3, "charts/env_steps": 400, "charts/return_mean": 40.0, "charts/infeasible_candidates": 2}
                {"_step": 4, "charts/env_steps": 600, "charts/return_mean": 50.0, "eval/return_mean": 70.0}
                {"_step": 4, "eval/final_return_mean": 65.5, "eval/final_return_std": 3.0}
                """);
        write(second, "wandb-summary.json", "{\"eval/final_return_mean\": 65.5, \"eval/final_return_std\": 3.0,"
                + " \"charts/wall_seconds\": 12.0}");
        write(second, "run.json", "{\"exitCode\": 0}");
        RunRecord c = RunReader.read(dir);
        assertEquals("wandb-summary.json", c.source());
        assertEquals("completed", c.status());
        assertEquals("odetoode-unrestricted", c.label());
        assertEquals(List.of(1L, 2L, 3L, 4L), c.history().stream().map(RunRecord.HistoryRow::step).toList());
        RunRecord.HistoryRow three = c.history().get(2);
        assertEquals(40.0, three.trainReturn(), "the resumed run's row replaces the first run's");
        assertEquals(2.0, three.infeasible());
        assertEquals(70.0, c.history().get(3).evalReturn());
        assertEquals(600.0, c.history().get(3).envSteps(), "the torn line of the killed run is skipped");
        assertEquals(65.5, c.finalReturn());
        assertEquals(3.0, c.finalStd());
        assertEquals(70.0, c.bestReturn());
        assertEquals(1 + 2, c.infeasibleCandidates(), "summed over the merged history");
        assertEquals(4, c.iterations());
        assertEquals(600, c.envSteps());
        assertEquals(-1, c.parameterCount(), "no checkpoint: unknown");
    }

    @Test
    void theExitCodeTellsStoppedFailedAndIncompleteRuns() throws IOException {
        String[][] cases = {{"{\"exitCode\": 130}", "stopped"}, {"{\"exitCode\": 1}", "failed"},
            {"{\"exitCode\": null}", "incomplete"}};
        for (String[] k : cases) {
            Path dir = tmp.resolve("status-" + k[1]);
            config(dir, "CartPole-v1", "mlp", "{}", 0);
            Path run = dir.resolve("wandb/offline-run-20260101_000000-cccc");
            write(run, "wandb-history.jsonl", "{\"_step\": 1, \"charts/env_steps\": 10}\n");
            write(run, "run.json", k[0]);
            RunRecord c = RunReader.read(dir);
            assertEquals(k[1], c.status());
            assertFalse(c.completed());
            assertFalse(c.message().isEmpty());
            assertEquals(RunRecord.Group.BASELINE, c.group());
        }
        Path bare = tmp.resolve("bare");
        config(bare, "CartPole-v1", "mlp", "{}", 0);
        assertEquals("incomplete", RunReader.read(bare).status());
    }

    @Test
    void labelsOutsideASuiteCarryThePolicyOptionsButNotTheSeed() throws IOException {
        assertEquals("odetoode(flow=gated,gates=4)", RunReader.label(tmp.resolve("x"), "CartPole-v1", "odetoode",
                java.util.Map.of("gates", 4, "flow", "gated", "seed", 9)));
        assertEquals("odetoode", RunReader.label(tmp.resolve("x"), "CartPole-v1", "odetoode", java.util.Map.of()));
        // a folder named like a cell of another env is not taken for one
        assertEquals("mlp", RunReader.label(tmp.resolve("Pendulum-v1__foo__seed1"), "CartPole-v1", "mlp", null));
    }

    @Test
    void findsRunDirectoriesAtAnyDepthButNotInsideOne() throws IOException {
        config(tmp.resolve("s/cells/a"), "CartPole-v1", "mlp", "{}", 0);
        config(tmp.resolve("s/cells/b"), "CartPole-v1", "mlp", "{}", 1);
        config(tmp.resolve("s/cells/b/nested"), "CartPole-v1", "mlp", "{}", 2);
        config(tmp.resolve("other/deep/er/c"), "CartPole-v1", "mlp", "{}", 3);
        write(tmp.resolve("s"), "suite.yaml", "name: x\n");
        // sorted by path: other/ before s/
        List<Path> found = RunReader.find(List.of(tmp.resolve("s"), tmp.resolve("other")));
        assertEquals(List.of("c", "a", "b"), found.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(1, RunReader.find(List.of(tmp.resolve("s/cells/a"))).size(), "a run directory itself");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunReader.find(List.of(tmp.resolve("missing"))));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
