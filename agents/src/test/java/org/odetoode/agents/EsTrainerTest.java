package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.modules.net.Precision;

class EsTrainerTest {

    @TempDir
    Path tmp;

    /** Trains the config of {@code overrides} to the end in {@code tmp/dir}. */
    private TrainResult train(Map<String, String> overrides, String dir) {
        return EsTrainer.create(TrainConfig.resolve(Map.of(), overrides), tmp.resolve(dir), false).run(MetricsSink.NONE);
    }

    /** A small, fast run that still exercises every part (filter, top-b, evaluation, checkpoints). */
    private static TrainConfig small(String agent, int threads) {
        return TrainConfig.resolve(Map.of(), smallOverrides(agent, threads));
    }

    private static Map<String, String> smallOverrides(String agent, int threads) {
        Map<String, String> o = new HashMap<>();
        o.put("agent", agent);
        o.put("seed", "3");
        o.put("threads", Integer.toString(threads));
        o.put("iterations", "8");
        o.put("population-size", "12");
        o.put("eval-every", "3");
        o.put("eval-episodes", "3");
        o.put("final-eval-episodes", "5");
        o.put("checkpoint-every", "2");
        o.put("observation-filter", "mean-std");
        o.put("policy-options.d", "8");
        o.put("policy-options.steps", "4");
        if (agent.equals("ars")) {
            o.put("top-directions", "3");
        }
        return o;
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "ars", "orthogonal-es"})
    void finalParametersAreTheSameForOneTwoAndEightThreads(String agent) {
        List<String> hashes = new ArrayList<>();
        for (int threads : new int[] {1, 2, 8}) {
            TrainResult r = EsTrainer.create(small(agent, threads), tmp.resolve(agent + threads), false)
                    .run(MetricsSink.NONE);
            hashes.add(r.paramsSha256() + " " + r.finalEvalReturn() + " " + r.envSteps());
        }
        assertEquals(hashes.get(0), hashes.get(1));
        assertEquals(hashes.get(0), hashes.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "ars"})
    void aStoppedAndResumedRunEndsBitIdenticalToAnUninterruptedOne(String agent) {
        TrainResult straight = EsTrainer.create(small(agent, 2), tmp.resolve("straight"), false).run(MetricsSink.NONE);

        Path dir = tmp.resolve("interrupted");
        AtomicReference<EsTrainer> trainer = new AtomicReference<>(EsTrainer.create(small(agent, 2), dir, false));
        TrainResult first = trainer.get().run((step, m) -> {
            if (step == 5) {
                trainer.get().requestStop();
            }
        });
        assertEquals(TrainResult.Status.STOPPED, first.status());
        assertEquals(5, first.iterations());
        assertEquals(5, Checkpoint.read(dir).iteration());

        TrainResult resumed = Trainer.resume(dir, Map.of("threads", "1")).run(MetricsSink.NONE);
        assertEquals(TrainResult.Status.COMPLETED, resumed.status());
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(straight.envSteps(), resumed.envSteps());
        assertEquals(straight.finalEvalReturn(), resumed.finalEvalReturn());
    }

    /**
     * restart-after: a bar that no centre reaches restarts the run at every multiple of restart-after that leaves as
     * many iterations in the budget (3 and 6 of 10, not 9), each time from the network of a derived seed, another W_0
     * and initial parameters; a run stopped right after a restart resumes bit-identical, and eval scores the network
     * that ran. A bar that every centre passes changes nothing.
     */
    @Test
    void aRestartStartsOverWithAFreshNetworkAndResumesBitIdentical() {
        Map<String, String> o = smallOverrides("es", 2);
        o.put("iterations", "10");
        o.put("restart-after", "3");
        o.put("restart-below", "1e9");
        TrainConfig c = TrainConfig.resolve(Map.of(), o);
        TrainResult straight = EsTrainer.create(c, tmp.resolve("straight"), false).run(MetricsSink.NONE);
        assertEquals(2, straight.restarts());

        Path dir = tmp.resolve("interrupted");
        AtomicReference<EsTrainer> trainer = new AtomicReference<>(EsTrainer.create(c, dir, false));
        trainer.get().run((step, m) -> {
            if (step == 3) {
                assertEquals(1.0, m.get("charts/restarts"));
                trainer.get().requestStop();
            }
        });
        Checkpoint stopped = Checkpoint.read(dir);
        assertEquals(1, stopped.totals().restarts());
        double[] fresh;
        double[] first;
        try (var env = Trainer.makeEnv(c)) {
            fresh = Trainer.rolloutPolicy(c.restart(1), env).network().parameters();
            first = Trainer.rolloutPolicy(c, env).network().parameters();
        }
        assertEquals(Checkpoint.sha256(fresh), Checkpoint.sha256(stopped.state().parameters()));
        assertNotEquals(Checkpoint.sha256(first), Checkpoint.sha256(fresh));

        TrainResult resumed = Trainer.resume(dir, Map.of("threads", "1")).run(MetricsSink.NONE);
        assertEquals(straight.paramsSha256(), resumed.paramsSha256());
        assertEquals(straight.finalEvalReturn(), resumed.finalEvalReturn());
        assertEquals(2, resumed.restarts());
        assertEquals(straight.finalEvalReturn(),
                Trainer.evaluate(tmp.resolve("straight"), null, null, 1).evaluation().mean());

        o.put("restart-below", "-1e9");
        TrainResult passing = train(o, "passing");
        o.put("restart-after", "0");
        TrainResult never = train(o, "never");
        assertEquals(0, passing.restarts());
        assertEquals(never.paramsSha256(), passing.paramsSha256());
        assertNotEquals(never.paramsSha256(), straight.paramsSha256());
    }

    /**
     * A run killed before its first checkpoint has only its config.yaml; resuming it starts it over from that config
     * and ends as the uninterrupted run does (it used to refuse: "No checkpoint").
     */
    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromItsConfigAsIfUninterrupted() {
        TrainResult straight = EsTrainer.create(small("es", 1), tmp.resolve("straight"), false).run(MetricsSink.NONE);
        Path dir = tmp.resolve("killed");
        EsTrainer.create(small("es", 2), dir, false); // wrote config.yaml; the process died before iteration 2
        assertFalse(Files.exists(dir.resolve(Checkpoint.FILE)));
        TrainResult resumed = Trainer.resume(dir, Map.of("threads", "1")).run(MetricsSink.NONE);
        assertEquals(TrainResult.Status.COMPLETED, resumed.status());
        assertEquals(outcome(straight), outcome(resumed));
        assertEquals(straight.envSteps(), resumed.envSteps());
    }

    /**
     * config.yaml records every policy hyperparameter that ran, not only those given (it used to say
     * {@code policy-options: {}} for the defaults), under a comment with the parameter count; run again as a config
     * file it trains the same policy.
     */
    @Test
    void configYamlRecordsThePolicyAsItRanAndRunsAgainAsAConfigFile() throws Exception {
        Path dir = tmp.resolve("saved");
        TrainResult first = EsTrainer.create(small("es", 1), dir, false).run(MetricsSink.NONE);
        String yaml = Files.readString(dir.resolve(Trainer.CONFIG_FILE));
        assertTrue(yaml.startsWith("# odetoode on CartPole-v1: " + first.parameters().length
                + " policy parameters\n"), yaml);
        Map<String, Object> saved = TrainConfig.readYaml(dir.resolve(Trainer.CONFIG_FILE));
        Map<?, ?> options = (Map<?, ?>) saved.get("policy-options");
        assertEquals(List.of("d", "steps", "T", "activation", "solver", "bias", "embedding", "flow", "stepper", "w0",
                "gates", "hidden"), options.keySet().stream().map(String::valueOf).toList());
        assertEquals("8", String.valueOf(options.get("d")));
        assertEquals("tanh", String.valueOf(options.get("activation")));
        assertEquals("1.0", String.valueOf(options.get("T")));
        TrainResult again = EsTrainer.create(TrainConfig.resolve(saved, Map.of()), tmp.resolve("again"), false)
                .run(MetricsSink.NONE);
        assertEquals(outcome(first), outcome(again));
    }

    @Test
    void aRunDirectoryThatIsAFileIsNamedAsOneEvenWithForce() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        for (boolean force : new boolean[] {false, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EsTrainer.create(small("es", 1), file, force));
            assertEquals("Run directory " + file + " is a file, not a directory; choose another --run-dir",
                    e.getMessage());
        }
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void metricsCoverReturnsSpeedUpdateAndOrthogonalityDrift() {
        List<Map<String, Double>> rows = new ArrayList<>();
        EsTrainer.create(small("es", 1), tmp.resolve("m"), false).run((step, m) -> rows.add(m));
        assertEquals(8, rows.size());
        Map<String, Double> third = rows.get(2);
        for (String key : List.of("charts/return_mean", "charts/return_max", "charts/return_min", "charts/env_steps",
                "charts/steps_per_second", "charts/wall_seconds", "losses/update_norm", "eval/return_mean",
                "diagnostics/orthogonality_drift")) {
            assertTrue(third.containsKey(key), key);
        }
        assertTrue(third.get("diagnostics/orthogonality_drift") < 1e-10, "W stays on O(d)");
        assertFalse(rows.get(0).containsKey("eval/return_mean"));
    }

    @Test
    void anExistingRunDirectoryIsRefusedUnlessForced() throws Exception {
        Path dir = tmp.resolve("taken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EsTrainer.create(small("es", 1), dir, false));
        assertEquals("Run directory " + dir + " already exists; pass --resume " + dir
                + " to continue it or --force to overwrite it", e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
        EsTrainer.create(small("es", 1), dir, true);
        assertTrue(Files.exists(dir.resolve(Trainer.CONFIG_FILE)));
    }

    /**
     * A run directory written before rollout-precision existed ran float64 rollouts; its config.yaml has no such
     * key, and it resumes as it trained. On Pendulum the precisions' returns differ (here in the final evaluation),
     * so a float32 resume would not reproduce the straight float64 run.
     */
    @Test
    void aRunFromBeforeRolloutPrecisionResumesInFloat64() throws Exception {
        Map<String, String> o = smallOverrides("es", 1);
        o.put("env", "Pendulum-v1");
        o.put("rollout-precision", "float64");
        TrainResult straight = train(o, "straight");
        o.put("rollout-precision", "float32");
        TrainResult float32 = train(o, "float32");
        assertNotEquals(outcome(straight), outcome(float32), "the precisions must differ here");

        o.put("rollout-precision", "float64");
        Path dir = tmp.resolve("old");
        AtomicReference<EsTrainer> trainer = new AtomicReference<>(
                EsTrainer.create(TrainConfig.resolve(Map.of(), o), dir, false));
        trainer.get().run((step, m) -> {
            if (step == 5) {
                trainer.get().requestStop();
            }
        });
        Path yaml = dir.resolve(Trainer.CONFIG_FILE);
        String config = Files.readString(yaml);
        String withoutKey = config.replaceAll("(?m)^rollout-precision:.*\\R", "");
        assertNotEquals(config, withoutKey);
        Files.writeString(yaml, withoutKey);

        TrainResult resumed = Trainer.resume(dir, Map.of()).run(MetricsSink.NONE);
        assertEquals(outcome(straight), outcome(resumed));
        assertTrue(Files.readString(yaml).contains("rollout-precision: float64"), Files.readString(yaml));
    }

    private static String outcome(TrainResult r) {
        return r.paramsSha256() + " " + r.finalEvalReturn();
    }

    @Test
    void resumeRefusesToChangeTheTrajectory() {
        Path dir = tmp.resolve("r");
        EsTrainer.create(small("es", 1), dir, false).run(MetricsSink.NONE);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Trainer.resume(dir, Map.of("sigma", "0.5")));
        assertEquals("sigma", e.key());
    }

    @Test
    void aDiscreteHeadOnABoxEnvIsOneClearSentence() {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("env", "Pendulum-v1", "action-head", "discrete"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EsTrainer.create(c, tmp.resolve("x"), false));
        assertTrue(e.getMessage().startsWith("action-head discrete needs a Discrete action space, but Pendulum-v1 has Box("),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written");
    }

    /**
     * Rollouts default to float32, and the policy in every rollout thread runs it; float64 stays selectable, and a
     * Pendulum run (continuous actions, where the two precisions' returns differ) is deterministic in both.
     */
    @Test
    void rolloutPrecisionIsFloat32ByDefaultAndEachPrecisionIsDeterministic() {
        assertEquals(Precision.FLOAT32, small("es", 1).rolloutPrecision());
        Map<String, String> o = smallOverrides("es", 1);
        o.put("env", "Pendulum-v1");
        o.put("iterations", "3");
        List<String> runs = new ArrayList<>();
        for (String precision : new String[] {"float32", "float32", "float64", "float64"}) {
            o.put("rollout-precision", precision);
            o.put("threads", Integer.toString(1 + runs.size() % 2));
            TrainResult r = EsTrainer.create(TrainConfig.resolve(Map.of(), o), tmp.resolve("p" + runs.size()), false)
                    .run(MetricsSink.NONE);
            runs.add(r.paramsSha256() + " " + r.finalEvalReturn());
        }
        assertEquals(runs.get(0), runs.get(1), "float32 on 1 and 2 threads");
        assertEquals(runs.get(2), runs.get(3), "float64 on 1 and 2 threads");
        assertNotEquals(runs.get(0), runs.get(2), "the precision reaches the rollouts");
    }

    @Test
    void float32RolloutsWithAnRk4PolicyAreOneClearSentence() {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of("policy-options.solver", "rk4"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> EsTrainer.create(c, tmp.resolve("rk4"), false));
        assertEquals("rollout-precision", e.key());
        assertEquals("The float32 forward runs the euler solver only, and this network uses rk4; set"
                + " rollout-precision to float64 for it", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("rk4")), "nothing written");
        TrainConfig f64 = TrainConfig.resolve(Map.of(), Map.of("policy-options.solver", "rk4", "iterations", "1",
                "rollout-precision", "float64", "final-eval-episodes", "1"));
        assertEquals(1, EsTrainer.create(f64, tmp.resolve("rk4-64"), false).run(MetricsSink.NONE).iterations());
    }

    @Test
    void aNaNReturnStopsTheRunNamingTheIterationWithoutWritingACheckpoint() {
        Map<String, String> o = smallOverrides("es", 1);
        o.put("env", "Pendulum-v1");
        o.put("env-options.g", "NaN");
        Path dir = tmp.resolve("nan");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> EsTrainer.create(TrainConfig.resolve(Map.of(), o), dir, false).run(MetricsSink.NONE));
        assertEquals(1, e.iteration());
        assertEquals("Iteration 1: return of candidate 0 is NaN; training stopped and " + dir.resolve("checkpoint.json")
                + " was not written (no good iteration yet)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("checkpoint.json")));
        JsonNode result = result(dir);
        assertEquals("failed", result.get("status").asText());
        assertEquals(e.getMessage(), result.get("message").asText());
        assertEquals(0, result.get("iterations").asLong());
        assertTrue(result.get("final_eval_return").isNull());
        assertEquals("Pendulum-v1", result.get("env").asText());
    }

    /**
     * A run that diverges after a checkpoint is failed and still scored: its result's final evaluation is that of the
     * last good checkpoint, the very number `odetoode eval --run DIR` prints, so a report counts it.
     */
    @Test
    void aRunThatDivergesIsScoredOnItsLastGoodCheckpoint() {
        Map<String, String> o = smallOverrides("es", 1);
        o.put("policy", "odetoode-unrestricted");
        o.put("policy-options.T", "1.0"); // the untuned horizon, at which the unrestricted flow blows up
        o.put("sigma", "1.0");
        o.put("checkpoint-every", "1");
        Path dir = tmp.resolve("diverged");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> EsTrainer.create(TrainConfig.resolve(Map.of(), o), dir, false).run(MetricsSink.NONE));
        assertTrue(e.iteration() > 1, "diverged after a checkpoint: " + e.getMessage());
        JsonNode result = result(dir);
        assertEquals("failed", result.get("status").asText());
        Trainer.SavedPolicyEvaluation saved = Trainer.evaluate(dir, null, null, 2);
        assertEquals(e.iteration() - 1, saved.iteration());
        assertEquals(saved.evaluation().mean(), result.get("final_eval_return").asDouble());
        assertEquals(saved.paramsSha256(), result.get("params_sha256").asText());
    }

    private static JsonNode result(Path dir) {
        try {
            return new ObjectMapper().readTree(dir.resolve(Trainer.RESULT_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * result.json says how a run ended, and a run stopped and resumed reports the whole run: the infeasible
     * candidates and the best periodic evaluation of both sessions, as one that ran straight through.
     */
    @Test
    void resultJsonSaysHowTheRunEndedAndAResumedRunReportsTheWholeRun() {
        Map<String, String> o = smallOverrides("es", 2);
        o.put("policy", "odetoode-unrestricted");
        o.put("policy-options.T", "1.0"); // the untuned horizon, at which the unrestricted flow blows up
        o.put("sigma", "0.5");
        TrainConfig c = TrainConfig.resolve(Map.of(), o);
        long[] infeasible = {0};
        TrainResult straight = EsTrainer.create(c, tmp.resolve("straight"), false)
                .run((step, m) -> infeasible[0] += m.get("charts/infeasible_candidates").longValue());
        assertTrue(infeasible[0] > 0, "candidates diverged");
        assertEquals(infeasible[0], straight.infeasibleCandidates());
        JsonNode j = result(tmp.resolve("straight"));
        assertEquals("completed", j.get("status").asText());
        assertTrue(j.get("message").isNull());
        assertEquals(List.of("status", "message", "env", "policy", "agent", "seed", "iterations", "env_steps",
                "wall_seconds", "final_eval_return", "final_eval_std", "best_eval_return", "best_eval_iteration",
                "infeasible_candidates", "restarts", "parameter_count", "params_sha256"), fieldNames(j));
        assertEquals(straight.finalEvalReturn(), j.get("final_eval_return").asDouble());
        assertEquals(straight.bestEvalReturn(), j.get("best_eval_return").asDouble());
        assertTrue(j.get("best_eval_iteration").asLong() == 3 || j.get("best_eval_iteration").asLong() == 6);
        assertEquals(infeasible[0], j.get("infeasible_candidates").asLong());
        assertEquals(straight.parameters().length, j.get("parameter_count").asInt());
        assertEquals(straight.paramsSha256(), j.get("params_sha256").asText());
        assertEquals(3, j.get("seed").asLong());

        Path dir = tmp.resolve("interrupted");
        AtomicReference<EsTrainer> trainer = new AtomicReference<>(EsTrainer.create(c, dir, false));
        trainer.get().run((step, m) -> {
            if (step == 4) {
                trainer.get().requestStop();
            }
        });
        JsonNode stopped = result(dir);
        assertEquals("stopped", stopped.get("status").asText());
        assertTrue(stopped.get("final_eval_return").isNull());
        assertEquals(3, stopped.get("best_eval_iteration").asLong());
        TrainResult resumed = Trainer.resume(dir, Map.of()).run(MetricsSink.NONE);
        assertEquals(straight.infeasibleCandidates(), resumed.infeasibleCandidates());
        assertEquals(straight.bestEvalReturn(), resumed.bestEvalReturn());
        assertEquals(straight.bestEvalIteration(), resumed.bestEvalIteration());
        JsonNode back = result(dir);
        for (String key : List.of("status", "iterations", "env_steps", "final_eval_return", "best_eval_return",
                "best_eval_iteration", "infeasible_candidates", "params_sha256")) {
            assertEquals(j.get(key), back.get(key), key);
        }
    }

    private static List<String> fieldNames(JsonNode j) {
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void candidatesWhoseUnrestrictedFlowBlowsUpRankLastAndTheRunGoesOn() {
        Map<String, String> o = smallOverrides("es", 2);
        o.put("policy", "odetoode-unrestricted");
        o.put("policy-options.T", "1.0"); // the untuned horizon, at which the unrestricted flow blows up
        o.put("sigma", "0.5");
        o.put("iterations", "3");
        List<Double> infeasible = new ArrayList<>();
        TrainResult r = EsTrainer.create(TrainConfig.resolve(Map.of(), o), tmp.resolve("blowup"), false)
                .run((step, m) -> infeasible.add(m.get("charts/infeasible_candidates")));
        assertEquals(TrainResult.Status.COMPLETED, r.status());
        assertTrue(infeasible.stream().anyMatch(x -> x > 0 && x < 12), "some, not all, candidates diverged: " + infeasible);
    }
}
