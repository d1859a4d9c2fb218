package org.odetoode.experiments.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.odetoode.experiments.cli.CliRunner;

/** Smoke runs of every study at small sizes, the headline numbers of issue 6, and bad input. */
class GradientsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> smallStudies() {
        String[] net = {"--set", "d=4", "--set", "steps=10"};
        return Stream.of(
                Arguments.of("spectrum", net),
                Arguments.of("gsc", concat(net, "probes=2", "blocks=5")),
                Arguments.of("meanfield", sets("points=4", "width=20", "depth=5", "seeds=1")),
                Arguments.of("slices", concat(net, "points=11", "horizons=0.5,1", "probes=2")),
                Arguments.of("lyapunov", net),
                Arguments.of("norms", concat(net, "probes=4")),
                Arguments.of("es-vs-backprop", concat(net, "sigmas=0.01,0.1", "directions=4", "horizons=0.5,1",
                        "probes=2")),
                Arguments.of("depth-sweep", sets("d=4", "depths=1,5", "horizons=1,2", "probes=2")),
                Arguments.of("counterexamples", sets("points=201")));
    }

    private static String[] sets(String... kv) {
        List<String> out = new ArrayList<>();
        for (String s : kv) {
            out.add("--set");
            out.add(s);
        }
        return out.toArray(new String[0]);
    }

    private static String[] concat(String[] base, String... kv) {
        List<String> out = new ArrayList<>(List.of(base));
        out.addAll(List.of(sets(kv)));
        return out.toArray(new String[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallStudies")
    void everyStudyWritesPlotsAndNumbers(String study, String[] sets, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve(study);
        List<String> args = new ArrayList<>(List.of("gradients", study, "--out", dir.toString(), "--json"));
        args.addAll(List.of(sets));
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode headline = JSON.readTree(r.lastLine());
        assertTrue(headline.size() > 1, r.lastLine());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains(study + ".csv"), names.toString());
            assertTrue(names.contains("summary.json"), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".png")), names.toString());
        }
        assertTrue(Files.readAllLines(dir.resolve(study + ".csv")).size() > 2);
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        headline.fieldNames().forEachRemaining(k -> {
            if (!k.equals("elapsed_s")) {
                assertTrue(summary.get("methods").hasNonNull(k), "no method for " + k);
            }
        });
    }

    @Test
    void counterexampleHeadlinesMatchTheResearchNote(@TempDir Path tmp) throws Exception {
        CliRunner.Result r = CliRunner.run("gradients", "counterexamples", "--out", tmp.resolve("ce").toString(),
                "--set", "points=501", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(4.54e-5, j.get("ce1_gain_T10").asDouble(), 0.005e-5);
        assertEquals(Math.E, j.get("ce2_gain").asDouble(), 1e-6);
        assertEquals(1, j.get("ce3_local_minima_T5").asInt());
        assertEquals(13, j.get("ce3_local_minima_T80").asInt());
        assertEquals(1.0136, j.get("ce4_state_gain_b3").asDouble(), 1e-3);
        assertTrue(j.get("ce4_weight_grad_ratio_b3").asDouble() < 1e-2, r.lastLine());
        assertTrue(j.get("ce5_grad_ratio").asDouble() < 1e-2, r.lastLine());
    }

    @Test
    void meanfieldReportsTheTanhCriticalPoint(@TempDir Path tmp) throws Exception {
        CliRunner.Result r = CliRunner.run("gradients", "meanfield", "--out", tmp.resolve("mf").toString(),
                "--set", "points=3", "--set", "width=10", "--set", "depth=3", "--set", "seeds=1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1.761, JSON.readTree(r.lastLine()).get("critical_sigma_w2").asDouble(), 0.002);
    }

    @Test
    void humanOutputSaysHowEachNumberWasComputed(@TempDir Path tmp) {
        CliRunner.Result r = CliRunner.run("gradients", "spectrum", "--policy", "baseode", "--set", "d=3",
                "--out", tmp.resolve("s").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("baseode.adjoint_score"), r.out());
        assertTrue(r.out().contains("95th over 5th percentile"), r.out());
    }

    @Test
    void divergedFlowIsReportedAndTheRestKept(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("nan");
        CliRunner.Result r = CliRunner.run("gradients", "depth-sweep", "--policy", "odetoode,odetoode-unrestricted",
                "--set", "d=4", "--set", "depths=10", "--set", "horizons=40", "--set", "probes=1", "--out", dir.toString());
        // The unrestricted W blows up at step 7 of 10 (b(t, W) overflows). A diverged flow is a finding: exit 0,
        // one note, marked in the plots, a row without a value in the CSV, counted and listed in summary.json.
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("diverged") && r.err().contains("odetoode-unrestricted at T = 40, N = 10"), r.err());
        assertTrue(Files.exists(dir.resolve("depth-sweep.csv")));
        assertTrue(r.out().contains("odetoode.gsc_T40_N10"), r.out());
        assertFalse(r.out().contains("odetoode-unrestricted.gsc_T40_N10"), r.out());
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"diverged\" : [ \"odetoode-unrestricted"));
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals(1, summary.get("diverged_count").asInt());
        for (String figure : List.of("sigma-max", "sigma-min", "adjoint-score", "gsc")) {
            assertEquals(1, summary.get("figures").get(figure).get("panels").get(0).get("diverged_points").asInt(),
                    figure);
        }
        List<String> rows = Files.readAllLines(dir.resolve("depth-sweep.csv"));
        assertEquals("figure,quantity,series,x,y,status", rows.get(0));
        List<String> lost = rows.stream().filter(l -> l.endsWith(",diverged")).toList();
        assertEquals(4, lost.size(), String.join("\n", rows));
        for (String row : lost) {
            assertTrue(row.contains(",odetoode-unrestricted T=40,10.00000000,,diverged"), row);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("horizonSweeps")
    void aHorizonWhereTheFlowDivergedIsMarkedNotANaN(String study, String[] sets, @TempDir Path tmp) throws Exception {
        // The unrestricted flow blows up near T = 3.8: T = 5 used to leave NaN in the T plots and exit 1.
        Path dir = tmp.resolve(study);
        List<String> args = new ArrayList<>(List.of("gradients", study, "--out", dir.toString(),
                "--set", "horizons=1,5", "--set", "probes=2"));
        args.addAll(List.of(sets));
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("odetoode-unrestricted at T = 5.0"), r.err());
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertEquals(0, summary.get("non_finite").size(), summary.get("non_finite").toString());
        assertEquals(1, summary.get("diverged_count").asInt());
        assertTrue(Files.readAllLines(dir.resolve(study + ".csv")).stream()
                .anyMatch(l -> l.contains(",odetoode-unrestricted,5.000000000,,diverged")), study);
    }

    static Stream<Arguments> horizonSweeps() {
        return Stream.of(Arguments.of("slices", sets("points=11")),
                Arguments.of("es-vs-backprop", sets("sigmas=0.1", "directions=2")));
    }

    @Test
    void badInputIsOneLineWithExitCode2(@TempDir Path tmp) throws Exception {
        Path busy = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "someone else's");
        String out = tmp.resolve("fresh").toString();
        String[][] cases = {
            {"gradients", "spectra", "--out", out},
            {"gradients", "spectrum", "--policy", "odetode", "--out", out},
            {"gradients", "es-vs-backprop", "--set", "sigma=0", "--out", out},
            {"gradients", "es-vs-backprop", "--set", "sigmas=0.1,-1", "--out", out},
            {"gradients", "depth-sweep", "--set", "depths=10,0", "--out", out},
            {"gradients", "spectrum", "--set", "steps=0", "--out", out},
            {"gradients", "spectrum", "--set", "nope=1", "--out", out},
            {"gradients", "spectrum", "--out", busy.toString()},
        };
        for (String[] args : cases) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertFalse(r.err().contains("at org."), r.err());
        }
        assertTrue(CliRunner.run(cases[0]).err().contains("Known studies"));
        assertTrue(CliRunner.run(cases[7]).err().contains("--force"));
        CliRunner.Result forced = CliRunner.run("gradients", "spectrum", "--policy", "baseode", "--set", "d=2",
                "--out", busy.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(Files.exists(busy.resolve("notes.txt")), "--force must not delete other files");
    }
}
