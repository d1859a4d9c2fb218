package org.odetoode.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odetoode.supervised.train.SupervisedTrainer;

/** Supervised suite files: datasets x policies x seeds, the layering of supervised keys, and errors at their line. */
class SupervisedSuiteFileTest {
    private static final String VALID = """
            name: sup
            budget: {epochs: 3}
            datasets:
              - {dataset: fashion-mnist, set: {data: /data/fashion}}
              - {dataset: mnist, budget: {epochs: 2}, set: {data: /data/mnist, batch-size: 64}}
            policies:
              - odetoode
              - {policy: mlp, label: mlp-8, budget: {epochs: 1}, set: {policy-options: {hidden: 8}}}
            seeds: [0, 1]
            set: {learning-rate: 0.01, policy-options: {d: 4, steps: 2}}
            """;

    @Test
    void expandsDatasetsTimesPoliciesTimesSeedsWithLayeredKeys() {
        Suite s = SuiteFile.parse(VALID, "sup.yaml");
        assertEquals(2 * 2 * 2, s.cells().size());
        assertEquals(List.of("fashion-mnist__odetoode__seed0", "fashion-mnist__odetoode__seed1",
                "fashion-mnist__mlp-8__seed0", "fashion-mnist__mlp-8__seed1"),
                s.cells().subList(0, 4).stream().map(Cell::name).toList());
        Cell ode = cell(s, "fashion-mnist__odetoode__seed1");
        assertTrue(ode.isSupervised());
        assertNull(ode.config());
        assertEquals(Cell.SUPERVISED, ode.agent());
        assertEquals("fashion-mnist", ode.supervised().dataset());
        assertEquals("/data/fashion", ode.supervised().data());
        assertEquals(1, ode.supervised().seed());
        assertEquals(3, ode.supervised().epochs()); // the top-level budget
        assertEquals(0.01, ode.supervised().learningRate());
        assertEquals("4", ode.supervised().policyOptions().get("d"));
        Cell mnist = cell(s, "mnist__odetoode__seed0");
        assertEquals(2, mnist.supervised().epochs()); // the dataset entry's budget
        assertEquals(64, mnist.supervised().batchSize());
        Cell mlp = cell(s, "mnist__mlp-8__seed0");
        assertEquals(1, mlp.supervised().epochs()); // the policy entry's budget wins
        assertEquals("8", mlp.supervised().policyOptions().get("hidden"));
        // the count of the classifier the trainer builds for 28x28 images, less for 8 hidden units than for 64
        assertEquals(SupervisedTrainer.parameterCount(mlp.supervised(), 784), mlp.parameterCount());
        Cell wide = cell(SuiteFile.parse(VALID.replace("hidden: 8", "hidden: 64"), "sup.yaml"), "mnist__mlp-8__seed0");
        assertTrue(mlp.parameterCount() < wide.parameterCount());
    }

    @Test
    void anUnknownDatasetPolicyOrKeyNamesItsLineAndTheFix() {
        SuiteFileException dataset = error(VALID.replace("{dataset: mnist,", "{dataset: mnst,"));
        assertEquals(5, dataset.line());
        assertEquals("datasets[1]", dataset.key());
        assertTrue(dataset.getMessage().contains("Did you mean `mnist`"), dataset.getMessage());

        SuiteFileException policy = error(VALID.replace("  - odetoode\n", "  - odetode\n"));
        assertEquals(7, policy.line());
        assertEquals("policies[0]", policy.key());
        assertTrue(policy.getMessage().contains("Did you mean `odetoode`"), policy.getMessage());

        SuiteFileException key = error(VALID.replace("learning-rate: 0.01", "learning_rate: 0.01"));
        assertEquals(10, key.line());
        assertEquals("set.learning_rate", key.key());
        assertTrue(key.getMessage().contains("Did you mean `learning-rate`"), key.getMessage());

        SuiteFileException top = error(VALID.replace("seeds: [0, 1]", "sedes: [0, 1]"));
        assertEquals("sedes", top.key());
        assertTrue(top.getMessage().contains("Did you mean `seeds`"), top.getMessage());

        SuiteFileException entry = error(VALID.replace("{dataset: fashion-mnist,", "{dataset: fashion-mnist, agent: es,"));
        assertEquals(4, entry.line());
        assertEquals("datasets[0].agent", entry.key());
    }

    @Test
    void aBadValueIsReportedWhereItsKeyWasSet() {
        SuiteFileException e = error(VALID.replace("batch-size: 64", "batch-size: many"));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
        SuiteFileException budget = error(VALID.replace("budget: {epochs: 3}", "budget: {iterations: 3}"));
        assertEquals(2, budget.line());
        assertTrue(budget.getMessage().contains("epochs"), budget.getMessage());
    }

    @Test
    void structuralKeysAndMixedSuitesAreRefused() {
        SuiteFileException epochs = error(VALID.replace("learning-rate: 0.01", "epochs: 4"));
        assertEquals("set.epochs", epochs.key());
        assertTrue(epochs.getMessage().contains("use `budget:`"), epochs.getMessage());
        SuiteFileException both = error(VALID + "envs: [CartPole-v1]\n");
        assertEquals("envs", both.key());
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        SuiteFileException typo = assertThrows(SuiteFileException.class, () -> SuiteFile.parse("""
                name: x
                dataset: [mnist]
                policies: [odetoode]
                seeds: [0]
                """, "s.yaml"));
        assertTrue(typo.getMessage().contains("Did you mean `datasets`"), typo.getMessage());
    }

    private static SuiteFileException error(String text) {
        return assertThrows(SuiteFileException.class, () -> SuiteFile.parse(text, "s.yaml"));
    }

    private static Cell cell(Suite s, String name) {
        return s.cells().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
