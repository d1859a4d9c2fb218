package org.odetoode.experiments.gradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odetoode.experiments.cli.CliRunner;

/** {@code gradients trained}: the networks of real (short) training runs, against their initial networks. */
class TrainedStudyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path runs;

    /** Trains a short Pendulum run into {@code runs/name}. */
    private static Path train(String name, String policy, String... sets) {
        Path dir = runs.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--env", "Pendulum-v1", "--policy", policy, "--seed", "3",
                "--iterations", "4", "--threads", "1", "--track", "disabled", "--set", "population-size=8", "--set",
                "final-eval-episodes=1", "--run-dir", dir.toString()));
        if (!policy.equals("linear")) {
            args.addAll(List.of("--set", "policy-options.d=4", "--set", "policy-options.steps=5"));
        }
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        return dir;
    }

    @BeforeAll
    static void trainRuns() {
        train("still", "odetoode", "learning-rate=1e-300");
        train("restricted", "odetoode");
        train("unrestricted", "odetoode-unrestricted");
        train("linear", "linear");
    }

    /** {@code --run} for the run called {@code name} (the folder of every run for ""). */
    private static String run(String name) {
        return "--run=" + runs.resolve(name);
    }

    private static JsonNode study(Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("gradients", "trained", "--out", out.toString(), "--json",
                "--set", "probes=5"));
        all.addAll(List.of(args));
        CliRunner.Result r = CliRunner.run(all.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        return JSON.readTree(r.lastLine());
    }

    @Test
    void aRunThatDidNotMoveHasItsInitialNetwork(@TempDir Path tmp) throws Exception {
        // A step of 1e-300 leaves every nonzero entry of θ as the run drew it (far below half an ulp): the study must
        // rebuild exactly that network as "initial". Entries drawn as 0 (biases) move by about 1e-300.
        JsonNode j = study(tmp.resolve("s"), run("still"));
        String p = "odetoode seed 3.";
        for (String block : List.of("in.W", "flow.Q", "out.W")) {
            assertEquals(0.0, j.get(p + "moved." + block).asDouble(), 0.0, block);
        }
        for (String key : List.of("sigma_max", "sigma_min", "saturated")) {
            assertEquals(j.get(p + "initial." + key).asDouble(), j.get(p + "trained." + key).asDouble(), 0.0, key);
        }
        assertEquals(200, j.get(p + "episode_steps").asInt());
    }

    @Test
    void trainingMovesTheNetworkAndOnlyTheUnrestrictedFlowLeavesTheOrthogonalGroup(@TempDir Path tmp)
            throws Exception {
        Path out = tmp.resolve("two");
        JsonNode j = study(out, run("restricted"), run("unrestricted"));
        assertTrue(j.get("odetoode seed 3.moved.in.W").asDouble() > 1e-3, j.toString());
        assertTrue(j.get("odetoode seed 3.trained.orthogonality_defect").asDouble() < 1e-12, j.toString());
        assertTrue(j.get("odetoode-unrestricted seed 3.trained.orthogonality_defect").asDouble() > 1e-3, j.toString());
        double sMax = j.get("odetoode seed 3.trained.sigma_max").asDouble();
        double sMin = j.get("odetoode seed 3.trained.sigma_min").asDouble();
        assertTrue(sMin > 0 && sMin <= sMax, j.toString());
        for (String f : List.of("spectrum.png", "saturation.png", "trained.csv", "summary.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // Five probed states, initial and trained, two runs: the CSV has a row per plotted point.
        List<String> rows = Files.readAllLines(out.resolve("trained.csv"));
        assertEquals(1 + 2 * 2 * (2 * 6 + 5), rows.size(), String.join("\n", rows.subList(0, 5)));
    }

    @Test
    void aFolderOfRunsGivesItsRunsWithAFlowAndPolicySelectsAmongThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("all");
        JsonNode all = study(out, run(""));
        // Two odetoode runs of seed 3: the folder names tell them apart.
        for (String name : List.of("still", "restricted", "unrestricted")) {
            assertTrue(all.has(name + ".trained.sigma_max"), name + " in " + all);
        }
        assertEquals(3, all.properties().stream().filter(e -> e.getKey().endsWith(".episode_return")).count());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("linear\""), "the linear run is listed as skipped");
        JsonNode one = study(tmp.resolve("one"), run(""), "--policy=odetoode-unrestricted");
        assertTrue(one.has("odetoode-unrestricted seed 3.trained.sigma_max"), one.toString());
        assertEquals(1, one.properties().stream().filter(e -> e.getKey().endsWith(".episode_return")).count());
    }

    @Test
    void aRunWithoutAFlowOrWithoutARunIsRefusedInOneLine(@TempDir Path tmp) {
        CliRunner.Result linear = CliRunner.run("gradients", "trained", "--run", runs.resolve("linear").toString(),
                "--out", tmp.resolve("l").toString());
        assertEquals(2, linear.exitCode(), linear.err());
        assertTrue(linear.err().contains("trained policy linear, which has no flow"), linear.err());
        assertEquals(1, linear.err().strip().split("\n").length, linear.err());
        CliRunner.Result none = CliRunner.run("gradients", "trained", "--out", tmp.resolve("n").toString());
        assertEquals(2, none.exitCode(), none.err());
        assertTrue(none.err().contains("pass --run DIR"), none.err());
        CliRunner.Result missing = CliRunner.run("gradients", "trained", "--run", tmp.resolve("nowhere").toString(),
                "--out", tmp.resolve("m").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("nowhere is not a directory"), missing.err());
        CliRunner.Result other = CliRunner.run("gradients", "spectrum", "--run", runs.resolve("still").toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("--run applies to study trained only"), other.err());
    }
}
