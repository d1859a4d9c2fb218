package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke runs of {@code odetoode train} and {@code odetoode eval}. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--iterations", "4", "--set", "population-size=8", "--set",
            "policy-options.d=4", "--set", "final-eval-episodes=3", "--set", "eval-every=2"};

    private CliRunner.Result train(String dir, String... extra) {
        String[] args = new String[2 + SMALL.length + extra.length + 2];
        args[0] = "train";
        args[1] = "--json";
        System.arraycopy(SMALL, 0, args, 2, SMALL.length);
        System.arraycopy(extra, 0, args, 2 + SMALL.length, extra.length);
        args[args.length - 2] = "--run-dir";
        args[args.length - 1] = tmp.resolve(dir).toString();
        return CliRunner.run(args);
    }

    @Test
    void trainPrintsOneJsonLineAndWritesTheRunDirectory() throws Exception {
        CliRunner.Result r = train("a", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        for (String key : new String[] {"final_eval_return", "env_steps", "wall_seconds", "steps_per_second",
                "params_sha256", "run_dir"}) {
            assertTrue(j.has(key), key);
        }
        assertEquals(64, j.get("params_sha256").asText().length());
        assertTrue(Files.exists(tmp.resolve("a/config.yaml")));
        assertTrue(Files.exists(tmp.resolve("a/checkpoint.json")));
        assertTrue(r.err().contains("iter 4/4"), r.err());
        assertTrue(r.err().contains("  eval "), r.err());
        assertFalse(r.err().contains("NaN"), r.err());

        CliRunner.Result e = CliRunner.run("eval", "--run", tmp.resolve("a").toString(), "--episodes", "3", "--json");
        assertEquals(0, e.exitCode(), e.err());
        assertEquals(3, JSON.readTree(e.lastLine()).get("episodes").asInt());

        // With no options, eval runs the final evaluation's episodes on the same parameters: train's number.
        CliRunner.Result same = CliRunner.run("eval", "--run", tmp.resolve("a").toString(), "--json");
        assertEquals(0, same.exitCode(), same.err());
        JsonNode s = JSON.readTree(same.lastLine());
        assertEquals(j.get("final_eval_return").asDouble(), s.get("mean_return").asDouble(), 0.0);
        assertEquals(j.get("params_sha256"), s.get("params_sha256"));
        assertEquals(3, s.get("episodes").asInt());
        CliRunner.Result text = CliRunner.run("eval", "--run", tmp.resolve("a").toString());
        assertTrue(text.out().contains("policy: the checkpoint's parameters at iteration 4 (sha256 "
                + j.get("params_sha256").asText().substring(0, 12) + "…); episodes seeded from seed 0, the episodes"
                + " of train's final evaluation"), text.out());
    }

    /** A bad --track is bad input (exit 2) found before anything is written, so the corrected command runs. */
    @Test
    void aBadTrackModeWritesNothing() {
        CliRunner.Result r = train("cloud", "--track", "cloud");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("odetoode train: --track=cloud is not a mode: use online, offline or disabled", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("cloud")));
        assertEquals(0, train("cloud", "--track", "disabled").exitCode());
    }

    /** A network too large for the heap is refused with the memory it needs before anything is written. */
    @Test
    void aPolicyTooLargeForTheHeapIsRefusedBeforeAnythingIsWritten() {
        CliRunner.Result r = train("huge", "--set", "policy-options.d=100000");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("odetoode train: odetoode with d=100000, steps=10 needs at least "), r.err());
        assertTrue(r.err().contains("the Java heap has "), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(Files.exists(tmp.resolve("huge")));
    }

    /** --resume of a run killed before its first checkpoint runs it from its config.yaml, with the same command. */
    @Test
    void resumeOfARunWithoutACheckpointStartsItOver() throws Exception {
        CliRunner.Result straight = train("straight", "--track", "disabled");
        Path dir = tmp.resolve("killed");
        Files.createDirectories(dir);
        Files.copy(tmp.resolve("straight/config.yaml"), dir.resolve("config.yaml"));
        CliRunner.Result r = CliRunner.run("train", "--json", "--track", "disabled", "--resume", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("No checkpoint in " + dir + " (stopped before its first): starting the run over"
                + " from its config.yaml"), r.err());
        assertEquals(JSON.readTree(straight.lastLine()).get("params_sha256"),
                JSON.readTree(r.lastLine()).get("params_sha256"));
    }

    /**
     * The progress line shows no evaluation before the first one (it used to say "eval NaN"), and the infeasible
     * candidates when there are any; when most of a population is infeasible a warning says so, once, and the
     * --json result counts them.
     */
    @Test
    void aPairWithTunedDefaultsSaysSoAndRecordsThemInTheRunDirectory() throws Exception {
        CliRunner.Result r = CliRunner.run("train", "--env", "Pendulum-v1", "--policy", "odetoode-unrestricted",
                "--iterations", "1", "--set", "population-size=2", "--set", "eval-every=0", "--set",
                "final-eval-episodes=1", "--track", "disabled", "--threads", "1", "--run-dir",
                tmp.resolve("tuned").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("tuned defaults Pendulum-v1/odetoode-unrestricted/es {policy-options={T=0.25,"
                + " embedding=tanh}, population-size=100, sigma=0.15, iterations=600,"), r.err());
        String config = Files.readString(tmp.resolve("tuned/config.yaml"));
        assertTrue(config.contains("defaults-from: Pendulum-v1/odetoode-unrestricted/es"), config);
        assertTrue(config.contains("T: 0.25"), config);
        CliRunner.Result keys = CliRunner.run("train", "--list-keys", "--env", "Pendulum-v1", "--policy",
                "odetoode-unrestricted");
        assertTrue(keys.out().contains("T=0.25"), keys.out());
    }

    @Test
    void progressShowsInfeasibleCandidatesAndWarnsWhenMostAreInfeasible() throws Exception {
        CliRunner.Result r = CliRunner.run("train", "--json", "--policy", "odetoode-unrestricted", "--iterations", "1",
                "--set", "population-size=8", "--set", "sigma=1.5", "--set", "policy-options.d=4", "--set",
                "policy-options.T=1.0", "--set", "eval-every=0", "--set", "final-eval-episodes=2", "--track", "disabled", "--threads", "1",
                "--run-dir", tmp.resolve("inf").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("iter 1/1  steps 9  return 9.0  infeasible 7/8  "), r.err());
        assertFalse(r.err().contains("  eval "), r.err());
        assertEquals(1, r.err().split("warning: ", -1).length - 1, r.err());
        assertTrue(r.err().contains("warning: iteration 1: 7 of 8 candidates are infeasible"), r.err());
        assertTrue(r.err().contains(", 7 infeasible candidates; run dir"), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(7, j.get("infeasible_candidates").asInt());
        assertEquals(7, JSON.readTree(tmp.resolve("inf/result.json").toFile()).get("infeasible_candidates").asInt());
    }

    /**
     * SIGTERM, like Ctrl-C's SIGINT, makes the JVM run its shutdown hooks: the run stops after a whole iteration and
     * loses none. The checkpoint holds the last iteration, the JSON line says stopped, the tracker run is finished
     * with exit code 130 and has a row for every iteration, and the run resumes from there.
     */
    @Test
    void sigtermCheckpointsTheLastIterationAndFinishesTheTrackerRun() throws Exception {
        Path dir = tmp.resolve("stop");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), OdeToOdeCli.class.getName(), "train", "--json", "--iterations",
                "1000000", "--set", "population-size=8", "--set", "policy-options.d=4", "--set", "eval-every=0",
                "--set", "checkpoint-every=100000", "--track", "offline", "--threads", "2", "--run-dir", dir.toString());
        pb.redirectOutput(tmp.resolve("stop.out").toFile()).redirectError(tmp.resolve("stop.err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WANDB_"));
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (historyRows(dir) < 30) {
                assertTrue(child.isAlive() && System.nanoTime() < deadline, "the run did not log 30 iterations: "
                        + Files.readString(tmp.resolve("stop.err")));
                Thread.sleep(50);
            }
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the run did not stop within 60 s");
        } finally {
            child.destroyForcibly();
        }
        String[] out = Files.readString(tmp.resolve("stop.out")).strip().split("\n");
        String err = Files.readString(tmp.resolve("stop.err"));
        assertEquals(143, child.exitValue(), err);
        assertTrue(out[out.length - 1].startsWith("{"), "no JSON line on stdout; stderr: " + err);
        JsonNode j = JSON.readTree(out[out.length - 1]);
        assertEquals("stopped", j.get("status").asText(), err);
        long iterations = j.get("iterations").asLong();
        assertEquals(iterations, JSON.readTree(dir.resolve("checkpoint.json").toFile()).get("iteration").asLong());
        assertEquals(iterations, historyRows(dir), "a tracker row for every iteration");
        JsonNode info = JSON.readTree(trackerRun(dir).resolve("run.json").toFile());
        assertEquals(130, info.get("exitCode").asInt(), info.toString());
        assertFalse(err.contains("ended without finish"), err);

        CliRunner.Result resumed = CliRunner.run("train", "--resume", dir.toString(), "--iterations",
                Long.toString(iterations + 2), "--track", "disabled", "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(iterations + 2, JSON.readTree(resumed.lastLine()).get("iterations").asLong());
    }

    private static Path trackerRun(Path runDir) throws IOException {
        try (Stream<Path> runs = Files.list(runDir.resolve("wandb"))) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static long historyRows(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir.resolve("wandb"))) {
            return 0;
        }
        Path history = trackerRun(runDir).resolve("wandb-history.jsonl");
        if (!Files.exists(history)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(history)) {
            return lines.filter(l -> l.endsWith("}")).count();
        }
    }

    @Test
    void theSameSeedGivesTheSameParametersOnAnyThreadCount() throws Exception {
        String one = JSON.readTree(train("one", "--threads", "1").lastLine()).get("params_sha256").asText();
        String two = JSON.readTree(train("two", "--threads", "2").lastLine()).get("params_sha256").asText();
        assertEquals(one, two);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwoAndNothingWritten() {
        CliRunner.Result r = train("bad", "--set", "sigma=0");
        assertEquals(2, r.exitCode());
        assertEquals("odetoode train: Invalid sigma `0`: expected a number > 0", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("bad")));

        CliRunner.Result odd = train("odd", "--set", "population-size=7");
        assertEquals(2, odd.exitCode());
        assertTrue(odd.err().contains("Invalid population-size `7`: expected an even integer"), odd.err());

        CliRunner.Result mismatch = train("m", "--env", "Pendulum-v1", "--set", "action-head=discrete");
        assertEquals(2, mismatch.exitCode());
        assertTrue(mismatch.err().contains("action-head discrete needs a Discrete action space"), mismatch.err());
    }

    @Test
    void anExistingRunDirectoryNeedsResumeOrForce() {
        assertEquals(0, train("x", "--threads", "1").exitCode());
        CliRunner.Result again = train("x", "--threads", "1");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already exists; pass --resume"), again.err());
        assertEquals(0, train("x", "--threads", "1", "--force").exitCode());
        CliRunner.Result resumed = CliRunner.run("train", "--resume", tmp.resolve("x").toString(), "--iterations", "6",
                "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
    }

    private static final String[] SMALL_PPO = {"--agent", "ppo", "--iterations", "3", "--set", "num-steps=32",
            "--set", "num-minibatches=2", "--set", "policy-options.d=4", "--set", "final-eval-episodes=3", "--set",
            "eval-every=2"};

    private CliRunner.Result trainPpo(String dir, String... extra) {
        String[] args = new String[2 + SMALL_PPO.length + extra.length + 2];
        args[0] = "train";
        args[1] = "--json";
        System.arraycopy(SMALL_PPO, 0, args, 2, SMALL_PPO.length);
        System.arraycopy(extra, 0, args, 2 + SMALL_PPO.length, extra.length);
        args[args.length - 2] = "--run-dir";
        args[args.length - 1] = tmp.resolve(dir).toString();
        return CliRunner.run(args);
    }

    @Test
    void ppoTrainsPrintsTheSameJsonAndItsRunEvaluatesAndResumes() throws Exception {
        CliRunner.Result r = trainPpo("ppo", "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        for (String key : new String[] {"final_eval_return", "env_steps", "wall_seconds", "steps_per_second",
                "params_sha256", "run_dir"}) {
            assertTrue(j.has(key), key);
        }
        assertEquals(3 * 4 * 32, j.get("env_steps").asLong(), "3 iterations of 4 envs × 32 steps");
        assertEquals(64, j.get("params_sha256").asText().length());
        assertTrue(Files.readString(tmp.resolve("ppo/config.yaml")).contains("clip-coef: 0.2"));

        CliRunner.Result e = CliRunner.run("eval", "--run", tmp.resolve("ppo").toString(), "--episodes", "3", "--json");
        assertEquals(0, e.exitCode(), e.err());
        JsonNode ej = JSON.readTree(e.lastLine());
        assertEquals(3, ej.get("episodes").asInt());
        assertTrue(Double.isFinite(ej.get("mean_return").asDouble()));

        String two = JSON.readTree(trainPpo("ppo2", "--threads", "2").lastLine()).get("params_sha256").asText();
        assertEquals(j.get("params_sha256").asText(), two, "threads never change results");

        CliRunner.Result resumed = CliRunner.run("train", "--resume", tmp.resolve("ppo").toString(), "--iterations",
                "4", "--json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(4 * 4 * 32, JSON.readTree(resumed.lastLine()).get("env_steps").asLong());
    }

    @Test
    void aKeyOfAnotherAgentIsOneLineNamingTheAgentAndItsKeys() {
        CliRunner.Result r = trainPpo("sigma", "--set", "sigma=0.1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("odetoode train: Config key `sigma` does not apply to agent ppo (a policy-gradient"
                + " method); the keys of ppo are: env, "), r.err());
        assertTrue(r.err().contains("clip-coef"), r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line");
        assertFalse(Files.exists(tmp.resolve("sigma")));

        CliRunner.Result es = train("clip", "--set", "clip-coef=0.1");
        assertEquals(2, es.exitCode());
        assertTrue(es.err().startsWith("odetoode train: Config key `clip-coef` does not apply to agent es"), es.err());

        CliRunner.Result bad = trainPpo("bad", "--set", "num-minibatches=5");
        assertEquals(2, bad.exitCode());
        assertEquals("odetoode train: Invalid num-minibatches `5`: expected a divisor of the batch size"
                + " num-envs × num-steps = 4 × 32 = 128", bad.err().strip());

        CliRunner.Result typo = CliRunner.run("train", "--agent", "ppp");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("Unknown agent `ppp`. Did you mean `ppo`?"), typo.err());
    }

    @Test
    void listKeysShowsTheKeysOfTheAgentWithTheirDefaults() {
        CliRunner.Result r = CliRunner.run("train", "--list-keys", "--agent", "ppo");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("clip-coef\\s+0\\.2\\s+.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("num-steps\\s+128\\s+.*")), r.out());
        assertFalse(r.out().contains("sigma"), r.out());

        CliRunner.Result box = CliRunner.run("train", "--list-keys", "--agent", "ppo", "--env", "Pendulum-v1");
        assertTrue(box.out().lines().anyMatch(l -> l.matches("num-steps\\s+2048\\s+.*")), box.out());

        CliRunner.Result es = CliRunner.run("train", "--list-keys");
        assertTrue(es.out().contains("sigma"), es.out());
        assertFalse(es.out().contains("clip-coef"), es.out());
    }
}
