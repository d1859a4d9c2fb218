package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code odetoode suite tune}: resumable after kill -9 with the same outcome, tuned.yaml runs, bad input exits 2. */
class SuiteTuneCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two policies on CartPole, 4 trials, 2 rungs of 6 and 12 iterations, checkpoints every 2. */
    private static final String SUITE = """
            name: tiny
            budget: {iterations: 12}
            envs: [CartPole-v1]
            policies:
              - linear
              - {policy: odetoode, label: ode4, set: {policy-options: {d: 4, steps: 2}}}
            seeds: [0, 1, 2]
            set: {eval-every: 2, eval-episodes: 2, final-eval-episodes: 3, checkpoint-every: 2}
            tune:
              space: space.yaml
              trials: 4
              rungs: 2
              eta: 2
              tune-seeds: [100, 101]
            """;
    private static final String SPACE = """
            sigma: {log-uniform: [0.01, 0.5]}
            learning-rate: {log-uniform: [0.005, 0.2]}
            population-size: {int: [8, 24], step: 8}
            """;

    @TempDir
    Path tmp;

    private Path suite(String text) throws IOException {
        Files.writeString(tmp.resolve("space.yaml"), SPACE);
        Path f = tmp.resolve("tiny.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static CliRunner.Result tune(Path file, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("suite", "tune", file.toString(), "--out", out.toString(),
                "--track", "disabled", "--threads", "2", "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void aTuneKilledWithSigkillAndRerunChoosesTheSameSettingsAndTheTunedSuiteRuns() throws Exception {
        Path file = suite(SUITE);
        Path ref = tmp.resolve("ref");
        CliRunner.Result reference = tune(file, ref, "--parallel-cells", "1");
        assertEquals(0, reference.exitCode(), reference.err());
        JsonNode j = JSON.readTree(reference.lastLine());
        assertTrue(j.get("complete").asBoolean());
        assertEquals(List.of("linear", "ode4"), names(j.get("chosen").fieldNames()));
        String tuned = Files.readString(ref.resolve("tuned.yaml"));
        JsonNode report = JSON.readTree(ref.resolve("tune-report.json").toFile());
        // 4 trials at rung 0 and 2 at rung 1 per policy; the chosen one is a rung-1 trial that was promoted
        assertEquals(12, report.get("rows").size());
        for (JsonNode row : report.get("rows")) {
            if (row.get("outcome").asText().equals("chosen")) {
                assertEquals(1, row.get("rung").asInt());
                assertEquals(j.get("chosen").get(row.get("policy").asText()).get("trial").asInt(),
                        row.get("trial").asInt());
            }
        }
        assertTrue(Files.isRegularFile(ref.resolve("tune-report.csv")));
        assertTrue(Files.readString(ref.resolve("tune-report.md")).contains("## Chosen"));
        // rung cells ran at 6 then 12 iterations, on the tuning seeds only
        assertTrue(Files.isDirectory(ref.resolve("trials/rung-0/cells/CartPole-v1__linear_t03__seed101")));
        assertFalse(Files.exists(ref.resolve("trials/rung-0/cells/CartPole-v1__linear_t00__seed0")));
        assertEquals(6, JSON.readTree(ref.resolve("trials/rung-0/cells/CartPole-v1__ode4_t00__seed100/result.json")
                .toFile()).get("iterations").asInt());

        Path out = tmp.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), OdeToOdeCli.class.getName(), "suite", "tune", file.toString(),
                "--out", out.toString(), "--track", "disabled", "--threads", "2", "--parallel-cells", "2");
        pb.redirectOutput(tmp.resolve("killed.out").toFile()).redirectError(tmp.resolve("killed.err").toFile());
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            // kill once some rung-0 cell has finished, while others are still to run
            while (finished(out.resolve("trials/rung-0/cells")) == 0) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, "no cell finished: "
                        + Files.readString(tmp.resolve("killed.err")));
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue());
        assertFalse(Files.exists(out.resolve("tuned.yaml")));

        CliRunner.Result rerun = tune(file, out);
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.err().matches("(?s).*rung0: 16 cells, [1-9]\\d* done.*"), rerun.err());
        assertEquals(tuned, Files.readString(out.resolve("tuned.yaml")));
        assertEquals(report, JSON.readTree(out.resolve("tune-report.json").toFile()));

        // a finished tune reruns nothing and writes the same
        CliRunner.Result again = tune(file, out);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("16 cells, 16 done, 0 failed, 0 to run"), again.err());
        assertEquals(tuned, Files.readString(out.resolve("tuned.yaml")));

        // the same folder with other rungs would mix budgets: refused, nothing changed
        CliRunner.Result other = tune(file, out, "--rungs", "3");
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("holds a tune with other rungs (2, now 3)"), other.err());
        assertEquals(tuned, Files.readString(out.resolve("tuned.yaml")));

        // tuned.yaml is a suite on the reported seeds with each policy's chosen settings
        Path tunedFile = ref.resolve("tuned.yaml");
        CliRunner.Result dry = CliRunner.run("suite", "run", tunedFile.toString(), "--dry-run", "--out",
                tmp.resolve("final").toString(), "--json");
        assertEquals(0, dry.exitCode(), dry.err());
        JsonNode cells = JSON.readTree(dry.lastLine()).get("cells");
        assertEquals(6, cells.size());
        assertEquals("CartPole-v1__ode4__seed0", cells.get(3).get("cell").asText());
        JsonNode chosenOde = j.get("chosen").get("ode4").get("settings");
        assertTrue(tuned.contains("sigma: " + chosenOde.get("sigma").asText()), tuned);
        assertTrue(tuned.contains("population-size: " + chosenOde.get("population-size").asText()), tuned);
        assertTrue(tuned.contains("name: tiny-tuned"), tuned);
        assertFalse(tuned.contains("tune-seeds"), tuned);
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    private static long finished(Path cells) throws IOException {
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cells)) {
            return s.filter(c -> Files.isRegularFile(c.resolve("result.json"))).count();
        }
    }

    @Test
    void tuningSeedsThatAreAlsoReportedSeedsAreRefusedWithTheLine() throws Exception {
        Path file = suite(SUITE.replace("tune-seeds: [100, 101]", "tune-seeds: [100, 2]"));
        CliRunner.Result r = tune(file, tmp.resolve("o"));
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("tiny.yaml:14: `tune.tune-seeds`: seed [2] also in the suite's seeds [0, 1, 2]"),
                r.err());
        CliRunner.Result cli = tune(suite(SUITE), tmp.resolve("o"), "--tune-seeds", "1,7");
        assertEquals(2, cli.exitCode());
        assertTrue(cli.err().contains("--tune-seeds seed [1] also in the suite's seeds"), cli.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void aBadSpaceOrTuneBlockExitsTwoWithOneLine() throws Exception {
        Path file = suite(SUITE);
        Files.writeString(tmp.resolve("bad-space.yaml"), """
                sigma: {log-uniform: [0.1, 0.5]}
                iterations: {int: [1, 9]}
                """);
        CliRunner.Result r = tune(file, tmp.resolve("o"), "--space", tmp.resolve("bad-space.yaml").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad-space.yaml:2: `iterations`: is set by the suite's `budget`"), r.err());

        Files.writeString(tmp.resolve("bad-key.yaml"), "sigmaa: {uniform: [0.1, 0.5]}\n");
        CliRunner.Result key = tune(file, tmp.resolve("o"), "--space", tmp.resolve("bad-key.yaml").toString());
        assertEquals(2, key.exitCode());
        assertTrue(key.err().contains("bad-key.yaml:1: `sigmaa`:"), key.err());

        CliRunner.Result eta = tune(suite(SUITE.replace("eta: 2", "eta: 1")), tmp.resolve("o"));
        assertEquals(2, eta.exitCode());
        assertTrue(eta.err().contains("tiny.yaml:13: `tune.eta`: must be >= 2, got 1"), eta.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void dryRunListsTheTrialsAndRungsAndRunsNothing() throws Exception {
        Path file = suite(SUITE);
        CliRunner.Result r = tune(file, tmp.resolve("o"), "--dry-run", "--trials", "5");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("rung 0: 5 trials per policy, 20 cells, budget CartPole-v1 6 it"), r.out());
        assertTrue(r.out().contains("rung 1: 2 trials per policy, 8 cells, budget CartPole-v1 12 it"), r.out());
        assertTrue(r.out().contains("trial  4: {sigma="), r.out());
        assertEquals(5, JSON.readTree(r.lastLine()).get("trials").size());
        assertFalse(Files.exists(tmp.resolve("o")));
    }
}
