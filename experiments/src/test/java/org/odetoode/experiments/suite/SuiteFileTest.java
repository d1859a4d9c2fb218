package org.odetoode.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Suite files: the matrix, the layering of config keys, and every error naming its line and key. */
class SuiteFileTest {
    private static final String VALID = """
            name: rvu
            agent: es
            budget: {iterations: 20}
            envs:
              - CartPole-v1
              - {env: Pendulum-v1, budget: {env-steps: 5000}, set: {sigma: 0.2}}
            policies:
              - odetoode
              - {policy: odetoode, label: odetoode-gated, set: {policy-options: {flow: gated}, sigma: 0.3}}
              - {policy: baseode, agent: ars}
            seeds: [0, 1]
            set: {sigma: 0.1, population-size: 8, policy-options.d: 4}
            """;

    @Test
    void expandsEnvsTimesPoliciesTimesSeedsWithLayeredKeys() {
        Suite s = SuiteFile.parse(VALID, "rvu.yaml");
        assertEquals("rvu", s.name());
        assertEquals(2 * 3 * 2, s.cells().size());
        assertEquals(List.of("CartPole-v1__odetoode__seed0", "CartPole-v1__odetoode__seed1",
                "CartPole-v1__odetoode-gated__seed0", "CartPole-v1__odetoode-gated__seed1"),
                s.cells().subList(0, 4).stream().map(Cell::name).toList());
        Cell plain = cell(s, "CartPole-v1__odetoode__seed1");
        assertEquals(0.1, plain.config().sigma());
        assertEquals(1, plain.config().seed());
        assertEquals(20, plain.config().iterations());
        assertEquals("4", plain.config().policyOptions().get("d"));
        // the policy entry's set wins over the env entry's, which wins over the top-level set
        assertEquals(0.3, cell(s, "Pendulum-v1__odetoode-gated__seed0").config().sigma());
        assertEquals("gated", cell(s, "Pendulum-v1__odetoode-gated__seed0").config().policyOptions().get("flow"));
        assertEquals(0.2, cell(s, "Pendulum-v1__odetoode__seed0").config().sigma());
        // the env entry's budget replaces the top-level one
        assertEquals(5000, cell(s, "Pendulum-v1__odetoode__seed0").config().maxEnvSteps());
        assertEquals(0, cell(s, "Pendulum-v1__odetoode__seed0").config().iterations());
        // the policy entry's agent replaces the top-level one
        assertEquals("ars", cell(s, "CartPole-v1__baseode__seed0").agent());
        assertEquals("es", plain.agent());
        // parameters counted per env and policy: odetoode with d = 4 on CartPole (obs 4, 2 actions)
        assertTrue(plain.parameterCount() > 0);
        assertEquals(plain.parameterCount(), cell(s, "CartPole-v1__odetoode__seed0").parameterCount());
    }

    @Test
    void anUnknownTopLevelKeyNamesItsLineAndTheCloseKey() {
        SuiteFileException e = error(VALID.replace("seeds: [0, 1]", "sedes: [0, 1]"));
        assertEquals(11, e.line());
        assertEquals("sedes", e.key());
        assertTrue(e.getMessage().startsWith("s.yaml:11: `sedes`: unknown key"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean `seeds`"), e.getMessage());
    }

    @Test
    void anUnknownKeyInAnEntryNamesTheEntry() {
        SuiteFileException e = error(VALID.replace("label: odetoode-gated", "lable: odetoode-gated"));
        assertEquals(9, e.line());
        assertEquals("policies[1].lable", e.key());
    }

    @Test
    void anUnknownEnvPolicyOrAgentNamesItsLine() {
        SuiteFileException env = error(VALID.replace("  - CartPole-v1", "  - CartPol-v1"));
        assertEquals(5, env.line());
        assertEquals("envs[0]", env.key());
        assertTrue(env.getMessage().contains("CartPole-v1"), env.getMessage());

        SuiteFileException policy = error(VALID.replace("  - odetoode\n", "  - odetode\n"));
        assertEquals(8, policy.line());
        assertEquals("policies[0]", policy.key());
        assertTrue(policy.getMessage().contains("Unknown policy `odetode`"), policy.getMessage());

        SuiteFileException agent = error(VALID.replace("agent: ars", "agent: arss"));
        assertEquals(10, agent.line());
        assertEquals("policies[2].agent", agent.key());

        SuiteFileException top = error(VALID.replace("agent: es", "agent: evo"));
        assertEquals(2, top.line());
        assertEquals("agent", top.key());
    }

    @Test
    void anEmptyAxisIsAnError() {
        SuiteFileException e = error(VALID.replace("seeds: [0, 1]", "seeds: []"));
        assertEquals(11, e.line());
        assertEquals("seeds", e.key());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
        assertEquals("envs", error(VALID.replace("""
                envs:
                  - CartPole-v1
                  - {env: Pendulum-v1, budget: {env-steps: 5000}, set: {sigma: 0.2}}
                """, "envs: []\n")).key());
    }

    @Test
    void aDuplicateCellNamesTheRepeatingEntry() {
        SuiteFileException seed = error(VALID.replace("seeds: [0, 1]", "seeds:\n  - 0\n  - 1\n  - 0"));
        assertEquals(14, seed.line());
        assertEquals("CartPole-v1__odetoode__seed0", seed.key());
        assertTrue(seed.getMessage().contains("duplicate cell"), seed.getMessage());

        SuiteFileException policy = error(VALID.replace("label: odetoode-gated, ", ""));
        assertEquals(9, policy.line());
        assertTrue(policy.getMessage().contains("label"), policy.getMessage());
    }

    @Test
    void aBadConfigValueIsReportedWhereItWasSet() {
        SuiteFileException sigma = error(VALID.replace("set: {sigma: 0.1,", "set: {sigma: -1,"));
        assertEquals(12, sigma.line());
        assertEquals("set.sigma", sigma.key());
        assertTrue(sigma.getMessage().contains("Invalid sigma `-1`"), sigma.getMessage());

        SuiteFileException unknown = error(VALID.replace("sigma: 0.3", "sigmaa: 0.3"));
        assertEquals(9, unknown.line());
        assertEquals("policies[1].set.sigmaa", unknown.key());

        SuiteFileException option = error(VALID.replace("flow: gated", "flow: gatd"));
        assertEquals(9, option.line());
        assertEquals("policies[1]", option.key());
        assertTrue(option.getMessage().contains("gatd"), option.getMessage());

        SuiteFileException budget = error(VALID.replace("budget: {iterations: 20}", "budget: {iterations: 0}"));
        assertEquals(3, budget.line());
        assertEquals("budget.iterations", budget.key());
    }

    @Test
    void keysTheSuiteOwnsCannotBeSet() {
        SuiteFileException e = error(VALID.replace("set: {sigma: 0.1,", "set: {seed: 3,"));
        assertEquals(12, e.line());
        assertEquals("set.seed", e.key());
        assertTrue(e.getMessage().contains("seeds:"), e.getMessage());
    }

    @Test
    void aKeyOfAnotherAgentIsReportedAtTheAgentsEntry() {
        // sigma is an evolution-strategy key; ppo has none
        SuiteFileException e = error(VALID.replace("agent: ars", "agent: ppo"));
        assertEquals(12, e.line());
        assertEquals("set.sigma", e.key());
        assertTrue(e.getMessage().contains("does not apply to agent ppo"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceAndInvalidYamlNameTheirLines() {
        SuiteFileException twice = error(VALID.replace("agent: es\n", "agent: es\nagent: ars\n"));
        assertEquals(3, twice.line());
        assertEquals("agent", twice.key());
        SuiteFileException yaml = error("name: x\nenvs: [CartPole-v1\n");
        assertTrue(yaml.getMessage().startsWith("s.yaml:"), yaml.getMessage());
        assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
    }

    @Test
    void theNameMustBeAFolderName() {
        SuiteFileException e = error(VALID.replace("name: rvu", "name: a/b"));
        assertEquals(1, e.line());
        assertEquals("name", e.key());
    }

    private static SuiteFileException error(String text) {
        return assertThrows(SuiteFileException.class, () -> SuiteFile.parse(text, "s.yaml"));
    }

    private static Cell cell(Suite s, String name) {
        return s.cells().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
