package org.odetoode.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tuned per-env defaults: where they sit in the resolution order, and that the run directory records them. */
class TunedDefaultsTest {
    private static final String ENV = "Pendulum-v1";
    private static final String POLICY = "odetoode-unrestricted";
    private static final String ENTRY = "Pendulum-v1/odetoode-unrestricted/es";

    @TempDir
    Path tmp;

    private static Map<String, String> pair() {
        return Map.of("env", ENV, "policy", POLICY);
    }

    @Test
    void everyShippedEntryResolvesForItsPairAndChangesSomething() {
        assertFalse(TunedDefaults.entries().isEmpty());
        for (TunedDefaults.Entry e : TunedDefaults.entries()) {
            String[] parts = e.name().split("/");
            TrainConfig tuned = TrainConfig.resolve(Map.of(), Map.of("env", parts[0], "policy", parts[1],
                    "agent", parts[2]));
            TrainConfig plain = TrainConfig.resolve(Map.of(), Map.of("env", parts[0], "policy", parts[1],
                    "agent", parts[2], "defaults-from", "none"));
            assertEquals(e.name(), tuned.defaultsFrom());
            assertNotEquals(withoutDefaultsFrom(plain), withoutDefaultsFrom(tuned), e.name() + " changes nothing");
            assertFalse(e.why().isBlank() || e.why().equals("null"), e.name() + " says why");
        }
    }

    @Test
    void theTunedEntryAppliesOverTheAgentDefaultsAndIsRecorded() {
        TrainConfig c = TrainConfig.resolve(Map.of(), pair());
        assertEquals(ENTRY, c.defaultsFrom());
        assertEquals(ENTRY, c.toMap().get("defaults-from"));
        assertTrue(c.toYaml().contains("defaults-from: " + ENTRY));
        assertEquals("0.25", c.policyOptions().get("T"));
        assertEquals("0.25", c.resolvedPolicyOptions().get("T"));
    }

    @Test
    void aPairWithoutAnEntryKeepsTheAgentDefaults() {
        TrainConfig c = TrainConfig.resolve(Map.of(), Map.of());
        assertEquals(TunedDefaults.NONE, c.defaultsFrom());
        assertEquals(100, c.iterations());
        assertEquals(0.1, c.sigma());
    }

    @Test
    void theYamlAndSetWinOverTheTunedEntryAndMapsMergeKeyByKey() throws Exception {
        Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "env: " + ENV + "\npolicy: " + POLICY + "\niterations: 7\npolicy-options:\n  d: 8\n");
        assertEquals("0.5", TrainConfig.resolve(TrainConfig.readYaml(file), Map.of("policy-options.T", "0.5"))
                .policyOptions().get("T"), "--set wins over the tuned entry inside a map");
        TrainConfig c = TrainConfig.resolve(TrainConfig.readYaml(file), Map.of("sigma", "0.3"));
        assertEquals(ENTRY, c.defaultsFrom());
        assertEquals(7, c.iterations(), "the YAML wins over the agent default");
        assertEquals(0.3, c.sigma(), "--set wins over the tuned entry");
        assertEquals("8", c.policyOptions().get("d"));
        Map<?, ?> tunedOptions = (Map<?, ?>) TunedDefaults.settings(ENTRY).getOrDefault("policy-options", Map.of());
        tunedOptions.forEach((k, v) -> {
            if (!k.equals("d")) {
                assertEquals(String.valueOf(v), c.policyOptions().get(String.valueOf(k)), "tuned " + k + " kept");
            }
        });
    }

    @Test
    void defaultsFromNoneTurnsTheEntryOff() {
        Map<String, String> o = new LinkedHashMap<>(pair());
        o.put("defaults-from", "none");
        TrainConfig c = TrainConfig.resolve(Map.of(), o);
        assertEquals(TunedDefaults.NONE, c.defaultsFrom());
        assertEquals(100, c.iterations());
        assertEquals(Map.of(), c.policyOptions());
    }

    @Test
    void anUnknownEntryIsRefusedNamingTheKnownOnes() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> TrainConfig.resolve(Map.of(), Map.of("defaults-from", "Pendulum-v1/mlp/es")));
        assertEquals("defaults-from", e.key());
        assertTrue(e.getMessage().contains(ENTRY), e.getMessage());
    }

    @Test
    void aResumedRunKeepsItsSavedSettings() throws Exception {
        TrainConfig c = TrainConfig.resolve(Map.of(), pair());
        Path run = Files.createDirectories(tmp.resolve("run"));
        RunDirectory.write(c, run, 1);
        assertEquals(c.toMap(), RunDirectory.resumed(run, Map.of()).toMap());
        assertEquals(c.toMap(), RunDirectory.read(run).toMap());
    }

    @Test
    void aRunSavedBeforeTunedDefaultsResumesAndEvaluatesWithItsOwnValues() throws Exception {
        // A Pendulum run from before this change: every key at the agent's defaults, and no defaults-from.
        TrainConfig old = TrainConfig.resolve(Map.of(), Map.of("env", ENV, "policy", POLICY, "defaults-from", "none"));
        Map<String, Object> saved = new LinkedHashMap<>(old.toMap());
        saved.remove("defaults-from");
        Path run = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(run.resolve(Trainer.CONFIG_FILE),
                new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                        .writeValueAsString(saved));
        assertEquals(old.toMap(), RunDirectory.resumed(run, Map.of()).toMap());
        assertEquals(old.toMap(), RunDirectory.read(run).toMap());
    }

    private static Map<String, Object> withoutDefaultsFrom(TrainConfig c) {
        Map<String, Object> m = new LinkedHashMap<>(c.toMap());
        m.remove("defaults-from");
        return m;
    }
}
