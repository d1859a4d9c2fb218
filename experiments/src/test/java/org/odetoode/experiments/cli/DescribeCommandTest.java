package org.odetoode.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkReportsHealthyNumbersForTheRestrictedPolicy() throws Exception {
        CliRunner.Result r = CliRunner.run("describe", "--policy", "odetoode", "--obs-dim", "4", "--act-dim", "2",
                "--set", "d=6", "--set", "steps=5", "--check", "--check-steps", "2000", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(6 * 4 + 6 + 2 * 21 + 2 * 6 + 2, j.get("params").asInt());
        assertTrue(j.get("forward_ns").asDouble() > 0);
        assertTrue(j.get("orthogonality_drift").asDouble() <= 1e-12, r.lastLine());
        assertTrue(j.get("grad_rel_error").asDouble() <= 1e-6, r.lastLine());
        assertTrue(j.get("samediff_rel_error").asDouble() <= 1e-9, r.lastLine());
    }

    @Test
    void unrestrictedPolicyVisiblyDrifts() throws Exception {
        CliRunner.Result r = CliRunner.run("describe", "--policy", "odetoode-unrestricted", "--obs-dim", "3",
                "--act-dim", "1", "--set", "d=4", "--check", "--check-steps", "500", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(JSON.readTree(r.lastLine()).get("orthogonality_drift").asDouble() > 1e-3, r.lastLine());
    }

    @Test
    void nanodeChecksGradientsAndHasNoDrift() throws Exception {
        CliRunner.Result r = CliRunner.run("describe", "--policy", "nanode", "--obs-dim", "4", "--act-dim", "2",
                "--set", "d=5", "--set", "basis=polynomial", "--set", "basis-size=3", "--check", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.lastLine());
        assertEquals(5 * 4 + 5 + 3 * 25 + 2 * 5 + 2, j.get("params").asInt());
        assertTrue(j.get("orthogonality_drift").isNull(), r.lastLine());
        assertTrue(j.get("grad_rel_error").asDouble() <= 1e-6, r.lastLine());
        assertTrue(j.get("samediff_rel_error").asDouble() <= 1e-9, r.lastLine());
        CliRunner.Result bad = CliRunner.run("describe", "--policy", "nanode", "--obs-dim", "4", "--act-dim", "2",
                "--set", "basis=legendre");
        assertEquals(2, bad.exitCode(), bad.err());
        assertEquals("odetoode describe: Invalid basis `legendre`: expected one of [piecewise, fourier, polynomial]",
                bad.err().strip());
    }

    @Test
    void humanOutputListsBlocks() {
        CliRunner.Result r = CliRunner.run("describe", "--policy", "mlp", "--obs-dim", "3", "--act-dim", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("layer0.W"), r.out());
    }

    @Test
    void badInputIsOneLineWithExitCode2() {
        String[][] cases = {
            {"describe", "--policy", "odetode", "--obs-dim", "4", "--act-dim", "2"},
            {"describe", "--policy", "odetoode", "--obs-dim", "4", "--act-dim", "2", "--set", "steps=0"},
            {"describe", "--policy", "odetoode", "--obs-dim", "4", "--act-dim", "2", "--set", "activation=foo"},
            {"describe", "--policy", "odetoode", "--obs-dim", "0", "--act-dim", "2"},
            {"describe", "--policy", "odetoode", "--obs-dim", "x", "--act-dim", "2"},
            {"describe", "--obs-dim", "4", "--act-dim", "2"},
            {"describe", "--policy", "odetoode", "--obs-dim", "4", "--act-dim", "2", "--set", "d=100000"},
        };
        for (String[] args : cases) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(2, r.exitCode(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().split("\n").length, r.err());
            assertFalse(r.err().contains("at org."), r.err());
        }
        assertTrue(CliRunner.run(cases[0]).err().contains("Did you mean `odetoode`"));
        assertTrue(CliRunner.run(cases[cases.length - 1]).err().startsWith("odetoode describe: odetoode with d=100000,"
                + " steps=10 needs at least "), "refused before it runs out of memory");
    }

    @Test
    void helpIsAvailable() {
        CliRunner.Result r = CliRunner.run("describe", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("--check"));
    }
}
