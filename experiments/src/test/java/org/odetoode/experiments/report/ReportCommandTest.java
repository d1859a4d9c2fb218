package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.experiments.cli.CliRunner;

/** {@code odetoode report} end to end on a small trained suite with fixture cells. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private CliRunner.Result report(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("report", ReportFixtures.suite().toString(), "--out",
                out.toString(), "--bootstrap", "500", "--json"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void writesEveryOutputAndPrintsTheJsonLine() throws IOException {
        Path out = tmp.resolve("report");
        CliRunner.Result r = report(out);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(ReportFixtures.CELLS, j.get("cells").asInt());
        assertEquals(ReportFixtures.CELLS - 1, j.get("completed").asInt());
        assertTrue(j.get("not_completed").get(0).asText().startsWith(ReportFixtures.FAILED_CELL + ": failed"),
                j.toString());
        assertTrue(r.err().contains(ReportFixtures.FAILED_CELL + " failed"), r.err());

        for (String env : new String[] {"CartPole-v1", "Pendulum-v1"}) {
            for (String label : new String[] {"odetoode", "odetoode-unrestricted"}) {
                JsonNode p = j.get("envs").get(env).get(label);
                assertEquals(2, p.get("n").asInt(), env + " " + label);
                // the mean of the final returns, read here independently from each run's tracker summary
                double expected = (finalReturn(env, label, 0) + finalReturn(env, label, 1)) / 2;
                assertEquals(expected, p.get("mean").asDouble(), 1e-9, env + " " + label);
                double lo = p.get("ci95").get(0).asDouble();
                double hi = p.get("ci95").get(1).asDouble();
                assertTrue(lo <= expected && expected <= hi, lo + " " + expected + " " + hi);
            }
        }
        // the cells known only from result.json
        JsonNode mcc = j.get("envs").get("MountainCarContinuous-v0").get("odetoode");
        assertEquals((93.5 - 4.25) / 2, mcc.get("mean").asDouble(), 1e-12);
        assertEquals(322, mcc.get("parameter_count").get(0).asInt());
        assertEquals(1, j.get("probability_of_improvement").size());
        assertEquals(3, j.get("aggregate_normalised").get("odetoode").get("envs").size());

        for (String f : new String[] {"report.json", "results.csv", "report.md", "index.html", "aggregate-iqm.png",
            "performance-profile.png", "probability-of-improvement.png", "CartPole-v1-final-return.png",
            "CartPole-v1-learning-curve.png", "Pendulum-v1-learning-curve.png", "Pendulum-v1-infeasible.png",
            "Pendulum-v1-drift.png", "MountainCarContinuous-v0-final-return.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
            if (f.endsWith(".png")) {
                BufferedImage image = ImageIO.read(out.resolve(f).toFile());
                assertTrue(image.getWidth() >= 600 && image.getHeight() >= 200, f);
            }
        }
        assertFalse(Files.exists(out.resolve("MountainCarContinuous-v0-learning-curve.png")),
                "no history, no curve");

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(ReportFixtures.CELLS + 1, csv.size(), "a header and one row per cell");
        assertEquals(ReportWriter.CSV_COLUMNS, List.of(csv.get(0).split(",")));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith(ReportFixtures.FAILED_CELL + ",")
                && l.contains(",failed,")));

        JsonNode full = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode cart = full.get("envs").get("CartPole-v1").get("policies").get("odetoode");
        for (String k : new String[] {"median", "iqr", "iqm"}) {
            assertEquals(2, cart.get(k).get("ci95").size(), k);
        }
        assertTrue(cart.has("steps_to_threshold") && cart.has("parameter_count"));
        assertTrue(full.get("envs").get("CartPole-v1").has("learning_curve"));
        assertTrue(full.get("aggregate").get("odetoode").get("performance_profile").get("tau").size() > 10);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| " + ReportFixtures.FAILED_CELL + " |"), "the failed cell is listed");
    }

    @Test
    void theSameInputsAndSeedGiveTheSameReport() throws IOException {
        assertEquals(0, report(tmp.resolve("a")).exitCode());
        assertEquals(0, report(tmp.resolve("b")).exitCode());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/report.json")),
                Files.readAllBytes(tmp.resolve("b/report.json")));
        assertEquals(0, report(tmp.resolve("a"), "--seed", "1").exitCode(), "an earlier report is rewritten");
        assertFalse(Files.readString(tmp.resolve("a/report.json"))
                .equals(Files.readString(tmp.resolve("b/report.json"))), "another seed, other intervals");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws IOException {
        CliRunner.Result missing = CliRunner.run("report", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(2, missing.exitCode());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope"), missing.err());

        Files.createDirectories(tmp.resolve("empty"));
        CliRunner.Result none = CliRunner.run("report", tmp.resolve("empty").toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("No run directory"), none.err());

        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        CliRunner.Result taken = report(foreign);
        assertEquals(2, taken.exitCode());
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
        try (Stream<Path> s = Files.list(foreign)) {
            assertEquals(1, s.count(), "nothing written next to the user's files");
        }

        assertEquals(2, report(tmp.resolve("r"), "--bootstrap", "10").exitCode());
        assertEquals(2, CliRunner.run("report", "--out", tmp.resolve("r").toString()).exitCode(), "no DIR");
    }

    @Test
    void noCompletedCellIsAFailedJobWithTheListingWritten() throws IOException {
        Path only = tmp.resolve("only-failed");
        Path cell = only.resolve(ReportFixtures.FAILED_CELL);
        RunReaderTest.config(cell, "CartPole-v1", "odetoode-unrestricted", "{}", 7);
        RunReaderTest.write(cell, "result.json", "{\"status\": \"failed\", \"message\": \"diverged\"}");
        CliRunner.Result r = CliRunner.run("report", only.toString(), "--json");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(0, JSON.readTree(r.lastLine()).get("completed").asInt());
        List<String> csv = Files.readAllLines(only.resolve("report/results.csv"));
        assertEquals(2, csv.size());
    }

    private static double finalReturn(String env, String label, int seed) throws IOException {
        Path wandb = ReportFixtures.suite().resolve("cells/" + env + "__" + label + "__seed" + seed + "/wandb");
        try (Stream<Path> runs = Files.list(wandb)) {
            Path run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
            return JSON.readTree(run.resolve("wandb-summary.json").toFile()).get("eval/final_return_mean").asDouble();
        }
    }
}
