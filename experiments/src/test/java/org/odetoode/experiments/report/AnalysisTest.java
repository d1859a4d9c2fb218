package org.odetoode.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's numbers on hand-made cells whose answers are known. */
class AnalysisTest {
    private static final double NAN = Double.NaN;

    /** A completed cell whose history has evaluations {@code evals} = {env steps, return, ...}. */
    private static RunRecord cell(String env, String policy, long seed, double finalReturn, long envSteps,
            double... evals) {
        List<RunRecord.HistoryRow> h = new ArrayList<>();
        for (int i = 0; i < evals.length; i += 2) {
            h.add(new RunRecord.HistoryRow(i / 2 + 1, evals[i], evals[i + 1], evals[i + 1] - 1, 0, NAN));
        }
        return new RunRecord(Path.of(env + "__" + policy + "__seed" + seed), env + "__" + policy + "__seed" + seed, env,
                policy, policy, RunRecord.Group.of(policy), "es", seed, RunRecord.COMPLETED, "", h.size(), envSteps,
                1.0, finalReturn, 0.0, NAN, 0, 10, "result.json", h);
    }

    @Test
    void stepsToThresholdIsTheFirstEvaluationAtOrAboveIt() {
        RunRecord c = cell("CartPole-v1", "odetoode", 0, 95, 400, 100, 10, 200, 50, 300, 80);
        assertEquals(200, Analysis.stepsTo(c, 50));
        assertEquals(200, Analysis.stepsTo(c, 45));
        assertEquals(400, Analysis.stepsTo(c, 90), "the final evaluation counts");
        assertTrue(Double.isNaN(Analysis.stepsTo(c, 99)), "never reached");
    }

    @Test
    void learningCurvesAverageRunsThatHoldTheirLastValue() {
        // A: 0 at 0 steps, 10 at 100 (final); B: 0 at 0, 20 at 200 (final)
        RunRecord a = cell("CartPole-v1", "odetoode", 0, 10, 100, 0, 0);
        RunRecord b = cell("CartPole-v1", "odetoode", 1, 20, 200, 0, 0);
        Analysis an = Analysis.of(List.of(a, b), 200, 0);
        Analysis.EnvCurves lc = an.learning().get("CartPole-v1");
        assertTrue(lc.metric().startsWith("evaluation"), lc.metric());
        Analysis.Curve c = lc.byLabel().get("odetoode");
        int last = c.x().length - 1;
        assertEquals(0, c.x()[0]);
        assertEquals(200, c.x()[last]);
        assertEquals(0, c.mean()[0], 1e-12);
        assertEquals((10 + 20) / 2.0, c.mean()[last], 1e-12, "A holds 10 after its end, B reaches 20");
        // past 100 steps A holds 10 while B climbs linearly to 20
        int mid = (int) Math.round(100.0 / 200 * last);
        double atMid = (10 + 20.0 * c.x()[mid] / 200) / 2;
        assertEquals(atMid, c.mean()[mid], 1e-9);
        assertTrue(c.lo()[last] <= c.mean()[last] && c.mean()[last] <= c.hi()[last]);
    }

    @Test
    void withFewerThanTwoEvaluationsTheCurveIsTheTrainingReturn() {
        // no periodic evaluation: the only evaluation is the final one
        RunRecord a = cell("CartPole-v1", "odetoode", 0, 10, 300);
        List<RunRecord.HistoryRow> h = List.of(new RunRecord.HistoryRow(1, 100, NAN, 5, 0, NAN),
                new RunRecord.HistoryRow(2, 200, NAN, 7, 0, NAN), new RunRecord.HistoryRow(3, 300, NAN, 9, 0, NAN));
        RunRecord withHistory = new RunRecord(a.dir(), a.name(), a.env(), a.label(), a.policy(), a.group(),
                a.agent(), 0, RunRecord.COMPLETED, "", 3, 300, 1, 10, 0, NAN, 0, 10, "result.json", h);
        Analysis.EnvCurves lc = Analysis.of(List.of(withHistory), 200, 0).learning().get("CartPole-v1");
        assertTrue(lc.metric().startsWith("training return"), lc.metric());
        Analysis.Curve c = lc.byLabel().get("odetoode");
        assertEquals(5, c.mean()[0], 1e-12);
        assertEquals(9, c.mean()[c.x().length - 1], 1e-12);
    }

    @Test
    void perEnvAggregatesAndImprovementFromCompletedCellsOnly() {
        List<RunRecord> cells = new ArrayList<>();
        double[] restricted = {400, 450, 475};
        double[] unrestricted = {30, 40, 50};
        for (int s = 0; s < 3; s++) {
            cells.add(cell("CartPole-v1", "odetoode", s, restricted[s], 1000));
            cells.add(cell("CartPole-v1", "odetoode-unrestricted", s, unrestricted[s], 1000));
        }
        RunRecord failed = cell("CartPole-v1", "odetoode-unrestricted", 9, 500, 1000);
        cells.add(new RunRecord(failed.dir(), failed.name(), failed.env(), failed.label(), failed.policy(),
                failed.group(), "es", 9, "failed", "diverged", 0, 0, NAN, 500, NAN, NAN, 0, 10, "result.json",
                List.of()));
        Analysis an = Analysis.of(cells, 500, 0);
        assertEquals(1, an.notCompleted().size());
        Analysis.PolicyEnv r = an.perEnv().get("CartPole-v1").get("odetoode");
        assertEquals(3, r.n());
        assertEquals(1325.0 / 3, r.mean().value(), 1e-12);
        assertEquals(450, r.median().value(), 0.0);
        assertEquals(3, r.steps().runs());
        assertEquals(1, r.steps().reached(), "475 is CartPole-v1's threshold");
        assertEquals(List.of("odetoode", "odetoode-unrestricted"), List.copyOf(an.perEnv().get("CartPole-v1")
                .keySet()), "restricted first");
        assertEquals(3, an.perEnv().get("CartPole-v1").get("odetoode-unrestricted").n(), "the failed cell is out");

        Normalization.Range range = Normalization.of("CartPole-v1").orElseThrow();
        Analysis.Aggregate agg = an.aggregates().get("odetoode");
        assertEquals(range.score(450), agg.median().value(), 1e-12);
        assertEquals(List.of("CartPole-v1"), agg.envs());

        assertEquals(1, an.improvements().size());
        Analysis.Improvement i = an.improvements().get(0);
        assertEquals(1.0, i.probability().value(), 0.0);
        assertEquals(1.0, i.probability().ci95().lo(), 0.0);
        // the profile at the lowest τ counts every run of the label
        assertEquals(1.0, an.profiles().get("odetoode").mean()[0], 0.0);
        assertFalse(an.drift().containsKey("CartPole-v1"), "no drift logged, no drift curve");
    }
}
