package org.odetoode.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Space files: errors with file and line; sampling is seeded, in range, and log-uniform where declared. */
class SearchSpaceTest {
    private static String error(String text) {
        return assertThrows(SuiteFileException.class, () -> SearchSpace.parse(text, "s.yaml")).getMessage();
    }

    @Test
    void everyMistakeIsOneLineNamingTheFileLineAndKey() {
        assertEquals("s.yaml:2: `sigma.gauss`: unknown range kind; use one of log-uniform, uniform, int, choice",
                error("learning-rate: {uniform: [0.01, 0.1]}\nsigma: {gauss: [0, 1]}\n"));
        assertTrue(error("sigma: {log-uniform: [0.0, 0.5]}").startsWith("s.yaml:1: `sigma.log-uniform`: log-uniform"
                + " needs 0 < lo, got 0.0"));
        assertTrue(error("a: {uniform: [1, 1]}").contains("s.yaml:1: `a.uniform`: needs lo < hi"));
        assertTrue(error("a: {uniform: [1]}").contains("expected [lo, hi], got 1 value"));
        assertTrue(error("a: {uniform: [x, 2]}").contains("expected a number, got `x`"));
        assertTrue(error("\n\npopulation-size: {int: [16, 8.5]}").startsWith("s.yaml:3: `population-size.int`:"
                + " expected an integer, got `8.5`"));
        assertTrue(error("a: {int: [1, 4], step: 0}").contains("`a.step`: must be >= 1"));
        assertTrue(error("a: {choice: []}").contains("`a.choice`: is empty"));
        assertTrue(error("a: {uniform: [1, 2], choice: [3]}").contains("`a.choice`: unexpected; a range has one"
                + " kind"));
        assertTrue(error("a: 0.1").startsWith("s.yaml:1: `a`: must be a range"));
        assertTrue(error("- a\n- b").startsWith("s.yaml:1: a space file is a mapping"));
        assertTrue(error("a: {uniform: [1, 2]}\na: {uniform: [1, 2]}").contains("is given twice"));
    }

    @Test
    void theSameSeedDrawsTheSameTrialsAndMoreTrialsExtendFewer() {
        SearchSpace s = SearchSpace.parse("""
                sigma: {log-uniform: [0.01, 0.5]}
                population-size: {int: [16, 64], step: 8}
                flow: {choice: [iso, gated]}
                """, "s.yaml");
        List<Map<String, String>> a = s.sample(12, 7);
        assertEquals(a, s.sample(12, 7));
        assertEquals(a.subList(0, 5), s.sample(5, 7));
        assertTrue(!a.equals(s.sample(12, 8)));
        assertEquals(List.of("sigma", "population-size", "flow"), List.copyOf(a.get(0).keySet()));
    }

    @Test
    void logUniformStaysInItsRangeAndIsUniformInTheLog() {
        double lo = 1e-3;
        double hi = 10;
        SearchSpace s = SearchSpace.parse("x: {log-uniform: [" + lo + ", " + hi + "]}", "s.yaml");
        int n = 8000;
        int[] perDecade = new int[4];
        for (Map<String, String> t : s.sample(n, 1)) {
            double x = Double.parseDouble(t.get("x"));
            assertTrue(x >= lo && x <= hi, "out of range: " + x);
            perDecade[(int) Math.min(3, Math.floor(Math.log10(x / lo)))]++;
        }
        // each of the 4 decades holds a quarter: binomial sd sqrt(n p (1 - p)) = 39, so 6 sd is 230
        for (int c : perDecade) {
            assertEquals(n / 4.0, c, 230, java.util.Arrays.toString(perDecade));
        }
        // a uniform draw over the same range would put 90 % in the last decade
        SearchSpace u = SearchSpace.parse("x: {uniform: [" + lo + ", " + hi + "]}", "s.yaml");
        long top = u.sample(2000, 1).stream().filter(t -> Double.parseDouble(t.get("x")) >= 1).count();
        assertEquals(0.9, top / 2000.0, 0.04);
    }

    @Test
    void integersStepFromLoAndChoicesComeFromTheList() {
        SearchSpace s = SearchSpace.parse("p: {int: [16, 60], step: 8}\nf: {choice: [iso, gated, free]}", "s.yaml");
        Set<String> ints = new HashSet<>();
        Set<String> choices = new HashSet<>();
        for (Map<String, String> t : s.sample(400, 3)) {
            ints.add(t.get("p"));
            choices.add(t.get("f"));
        }
        assertEquals(Set.of("16", "24", "32", "40", "48", "56"), ints);
        assertEquals(Set.of("iso", "gated", "free"), choices);
    }

    @Test
    void theShippedSpaceParses() {
        SearchSpace s = SearchSpace.read(Path.of("suites/spaces/es-basic.yaml"));
        assertEquals(List.of("sigma", "learning-rate", "population-size"),
                s.params().stream().map(SearchSpace.Param::key).toList());
        assertTrue(s.sample(50, 0).stream().allMatch(t -> Integer.parseInt(t.get("population-size")) % 2 == 0));
    }

    @Test
    void theShippedTinyTuneSuiteResolvesWithTuningSeedsApartFromItsSeeds() {
        Path file = Path.of("suites/tune-tiny.yaml");
        Suite suite = SuiteFile.read(file);
        SuiteTuner.Settings s = SuiteTuner.settings(file, suite, new SuiteTuner.Options(null, null, null, null, null,
                null, null));
        assertEquals(List.of(100L, 101L), s.tuneSeeds());
        assertTrue(suite.cells().stream().noneMatch(c -> s.tuneSeeds().contains(c.seed())));
        SuiteTuner tuner = new SuiteTuner(file, suite, s, Path.of("unused"));
        assertEquals(Set.of("linear", "ode4"), tuner.policies());
        assertEquals(List.of(4, 2), List.of(tuner.trialsAt(0), tuner.trialsAt(1)));
    }
}
