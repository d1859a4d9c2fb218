package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code suite run} on a supervised suite and {@code report} on its output: every cell trains, is evaluated on the
 * clean and the 15 corrupted test sets and is done; a rerun skips done cells and resumes one whose evaluation was lost
 * to the same parameters; a diverged cell fails without stopping the others; bad input is one line, exit 2.
 */
class SupervisedSuiteCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A tiny suite on a folder of 60 random images per split: two policies of width 4, two seeds, two epochs. */
    private Path suite(String extraPolicy) throws IOException {
        Random rng = new Random(3);
        Path data = IdxFolder.write(tmp, 60, i -> rng.nextInt(256));
        Path file = tmp.resolve("tiny.yaml");
        Files.writeString(file, """
                name: tiny
                budget: {epochs: 2}
                datasets: [{dataset: mnist, set: {data: %s}}]
                policies:
                  - odetoode
                  - odetoode-unrestricted
                %s
                seeds: [0, 1]
                set: {batch-size: 16, policy-options: {d: 4, steps: 2}}
                """.formatted(data, extraPolicy));
        return file;
    }

    private static CliRunner.Result run(Path file, Path out) {
        return CliRunner.run("suite", "run", file.toString(), "--out", out.toString(), "--track", "offline",
                "--threads", "2", "--json");
    }

    /** Cell name to status and parameter hash, from a suite JSON line. */
    private static Map<String, String> cells(CliRunner.Result r) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode c : JSON.readTree(r.lastLine()).get("cells")) {
            m.put(c.get("cell").asText(), c.get("status").asText() + " " + c.path("params_sha256").asText());
        }
        return m;
    }

    @Test
    void everyCellTrainsAndIsEvaluatedAndARerunResumesOnlyWhatIsLeft() throws IOException {
        Path file = suite("");
        Path out = tmp.resolve("out");
        CliRunner.Result first = run(file, out);
        assertEquals(0, first.exitCode(), first.err());
        Map<String, String> done = cells(first);
        assertEquals(4, done.size());
        done.values().forEach(v -> assertTrue(v.startsWith("done "), done.toString()));
        Path cell = out.resolve("cells/mnist__odetoode__seed1");
        JsonNode eval = JSON.readTree(cell.resolve("eval.json").toFile());
        assertEquals(15, eval.get("corruption_accuracy").size());
        assertEquals(60, eval.get("images").asInt());
        assertTrue(eval.get("clean_accuracy").asDouble() >= 0 && eval.get("clean_accuracy").asDouble() <= 1);

        CliRunner.Result again = run(file, out);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("4 done, 0 failed, 0 to run"), again.err());

        // as if killed after training, before its result and evaluation were written
        Files.delete(cell.resolve("eval.json"));
        Files.delete(cell.resolve("result.json"));
        CliRunner.Result resumed = run(file, out);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("start mnist__odetoode__seed1 (resumed from epoch 2)"), resumed.err());
        assertEquals(done, cells(resumed));
        assertTrue(Files.isRegularFile(cell.resolve("eval.json")));

        CliRunner.Result status = CliRunner.run("suite", "status", out.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains("4 done") && status.out().contains("clean test accuracy"), status.out());

        CliRunner.Result report = CliRunner.run("report", out.toString(), "--bootstrap", "200", "--json");
        assertEquals(0, report.exitCode(), report.err());
        JsonNode j = JSON.readTree(report.lastLine());
        assertEquals("supervised", j.get("kind").asText());
        assertEquals(4, j.get("scored").asInt());
        JsonNode ode = j.get("datasets").get("mnist").get("odetoode");
        assertEquals(2, ode.get("n").asInt());
        Path dir = out.resolve("report");
        JsonNode full = JSON.readTree(dir.resolve("report.json").toFile());
        JsonNode policies = full.get("datasets").get("mnist").get("policies");
        assertEquals(15, policies.get("odetoode").get("corruption_accuracy").size());
        // the count the dry run shows is the length of the parameter vector the cell trained (its checkpoint's)
        CliRunner.Result dry = CliRunner.run("suite", "run", file.toString(), "--out", out.toString(), "--dry-run",
                "--json");
        JsonNode cell0 = JSON.readTree(dry.lastLine()).get("cells").get(0);
        assertEquals("mnist__odetoode__seed0", cell0.get("cell").asText());
        assertEquals(policies.get("odetoode").get("parameter_count").asInt(), cell0.get("parameter_count").asInt());
        assertTrue(policies.get("odetoode").get("last_epoch_gradient_norm").has("flow.Q"), policies.toString());
        // the restricted flow stays on O(d) to rounding; the unrestricted one does not
        assertTrue(policies.get("odetoode").get("max_orthogonality_drift").asDouble() < 1e-10, policies.toString());
        assertTrue(policies.get("odetoode-unrestricted").get("max_orthogonality_drift").asDouble() > 1e-6);
        for (String figure : List.of("mnist-accuracy.png", "mnist-corruptions.png", "mnist-test-accuracy.png",
                "mnist-orthogonality-drift.png", "probability-of-improvement.png", "index.html", "results.csv")) {
            assertTrue(Files.size(dir.resolve(figure)) > 0, figure);
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).contains("accuracy_shot_noise") && csv.get(0).contains("accuracy_canny_edges"));
    }

    /** mlp at learning rate 1e306 diverges for real; the other cells end done, the suite exits 1, the report says. */
    @Test
    void aDivergedCellFailsAloneAndTheReportListsIt() throws IOException {
        Path file = suite("  - {policy: mlp, label: blowup, set: {learning-rate: 1e306}}");
        Path out = tmp.resolve("out");
        CliRunner.Result r = run(file, out);
        assertEquals(1, r.exitCode(), r.err());
        Map<String, String> cells = cells(r);
        assertEquals(6, cells.size());
        assertTrue(cells.get("mnist__blowup__seed0").startsWith("failed"), cells.toString());
        assertTrue(cells.get("mnist__odetoode__seed0").startsWith("done"), cells.toString());
        JsonNode result = JSON.readTree(out.resolve("cells/mnist__blowup__seed0/result.json").toFile());
        assertEquals("diverged", result.get("status").asText()); // the trainer's own result is kept, with why
        assertEquals(0, result.get("epochs").asInt());
        assertTrue(result.get("message").asText().startsWith("training diverged in epoch 1"), result.toString());
        CliRunner.Result status = CliRunner.run("suite", "status", out.toString());
        assertTrue(status.out().contains("failed   mnist__blowup__seed0") && status.out().contains("training diverged"
                + " in epoch 1"), status.out());
        assertTrue(r.err().contains("failed mnist__blowup__seed0: training diverged in epoch 1"), r.err());

        CliRunner.Result report = CliRunner.run("report", out.toString(), "--bootstrap", "200", "--json");
        assertEquals(0, report.exitCode(), report.err());
        JsonNode j = JSON.readTree(report.lastLine());
        assertEquals(4, j.get("scored").asInt());
        assertTrue(j.get("unscored").toString().contains("mnist__blowup__seed0: diverged"), j.toString());
    }

    @Test
    void badSuiteInputIsOneLineAndExitTwo() throws IOException {
        Path file = suite("");
        String text = Files.readString(file);
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{dataset: mnist,", "{dataset: cifar,", "Unknown dataset `cifar`"});
        cases.add(new String[] {"  - odetoode\n", "  - odetoad\n", "Unknown policy `odetoad`"});
        cases.add(new String[] {"batch-size: 16", "batch_size: 16", "Did you mean `batch-size`"});
        for (String[] c : cases) {
            Files.writeString(file, text.replace(c[0], c[1]));
            CliRunner.Result r = run(file, tmp.resolve("bad"));
            assertEquals(2, r.exitCode(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("tiny.yaml:") && r.err().contains(c[2]), r.err());
            assertTrue(Files.notExists(tmp.resolve("bad")), "bad input must not create the output folder");
        }
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed.resolve("rl"));
        Files.createDirectories(mixed.resolve("sup"));
        Files.writeString(mixed.resolve("rl/config.yaml"), "env: CartPole-v1\npolicy: linear\n");
        Files.writeString(mixed.resolve("sup/config.yaml"), "dataset: mnist\npolicy: odetoode\n");
        CliRunner.Result r = CliRunner.run("report", mixed.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("mixes supervised runs"), r.err());
        assertTrue(Files.notExists(mixed.resolve("report")));
    }
}
