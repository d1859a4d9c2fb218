package org.odetoode.experiments.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odetoode.experiments.report.RunRecord;
import org.odetoode.experiments.suite.SuccessiveHalving.TrialScore;

/** Rung budgets, promotion of the top 1/eta with deterministic ties, and the hold-penalised IQM score. */
class SuccessiveHalvingTest {
    private static TrialScore s(int trial, double score, double finalScore) {
        return new TrialScore(trial, score, finalScore, Map.of());
    }

    @Test
    void eachRungBelowTheTopGetsEtaTimesLessBudgetRoundedUp() {
        assertEquals(List.of(10L, 30L, 90L), List.of(SuccessiveHalving.budget(90, 0, 3, 3),
                SuccessiveHalving.budget(90, 1, 3, 3), SuccessiveHalving.budget(90, 2, 3, 3)));
        assertEquals(4, SuccessiveHalving.budget(10, 0, 2, 3));
        assertEquals(1, SuccessiveHalving.budget(2, 0, 4, 3));
        assertEquals(List.of(2, 1, 1), List.of(SuccessiveHalving.kept(8, 3), SuccessiveHalving.kept(2, 3),
                SuccessiveHalving.kept(1, 2)));
    }

    @Test
    void theTopThirdIsPromotedAndTiesGoToTheHigherFinalScoreThenTheLowerTrial() {
        List<TrialScore> scores = List.of(s(0, 0.1, 0.1), s(1, 0.9, 0.9), s(2, 0.5, 0.4), s(3, 0.5, 0.6),
                s(4, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY), s(5, 0.2, 0.2), s(6, 0.3, 0.3),
                s(7, Double.NaN, Double.NaN), s(8, 0.0, 0.0));
        assertEquals(List.of(1, 3, 2, 6, 5, 0, 8, 4, 7), SuccessiveHalving.ranked(scores).stream()
                .map(TrialScore::trial).toList());
        assertEquals(List.of(1, 2, 3), SuccessiveHalving.promoted(scores, 3));
        // an exact tie in both: the lower trial number, whatever the input order
        List<TrialScore> tied = List.of(s(5, 0.5, 0.5), s(2, 0.5, 0.5), s(9, 0.1, 0.1), s(7, 0.5, 0.5));
        assertEquals(List.of(2), SuccessiveHalving.promoted(tied, 4));
        assertEquals(List.of(2, 5), SuccessiveHalving.promoted(tied, 2));
        List<TrialScore> reversed = new ArrayList<>(tied);
        java.util.Collections.reverse(reversed);
        assertEquals(List.of(2, 5), SuccessiveHalving.promoted(reversed, 2));
    }

    private static RunRecord cartPole(long seed, String status, double finalReturn, double best) {
        return new RunRecord(Path.of("x"), "c", "CartPole-v1", "l", "linear", RunRecord.Group.BASELINE, "es", seed,
                status, "", 1, 1, 1, finalReturn, 0, best, 0, 10, "result.json", List.of());
    }

    @Test
    void theScoreIsTheIqmOfNormalisedFinalReturnsLessHalfTheirFallFromTheBest() {
        // CartPole-v1: random 22.35, reference 475, so 475 -> 1 and 22.35 -> 0, 248.675 -> 0.5
        List<RunRecord> cells = List.of(
                cartPole(0, "completed", 475, 475), // 1
                cartPole(1, "completed", 22.35, 475), // 0 - 0.5 * 1 = -0.5
                cartPole(2, "completed", 248.675, 200), // best below final: no penalty, 0.5
                cartPole(3, "completed", 248.675, Double.NaN)); // no periodic evaluation: 0.5
        TrialScore t = SuccessiveHalving.score(3, cells);
        // IQM of {-0.5, 0.5, 0.5, 1} cuts one from each end: (0.5 + 0.5) / 2
        assertEquals(0.5, t.score(), 1e-12);
        // the final scores {0, 0.5, 0.5, 1}
        assertEquals(0.5, t.finalScore(), 1e-12);
        assertEquals(0.5, t.perEnv().get("CartPole-v1"), 1e-12);

        // a cell that failed with no final evaluation is worth -inf; two of four survive no trimming
        List<RunRecord> failing = List.of(cartPole(0, "failed", Double.NaN, Double.NaN),
                cartPole(1, "failed", Double.NaN, Double.NaN), cartPole(2, "completed", 475, 475),
                cartPole(3, "completed", 475, 475));
        assertEquals(Double.NEGATIVE_INFINITY, SuccessiveHalving.score(0, failing).score());
        // one of four is trimmed away: the IQM of {-inf, 1, 1, 1} is 1
        List<RunRecord> one = new ArrayList<>(failing.subList(1, 4));
        one.add(cartPole(4, "completed", 475, 475));
        assertEquals(1.0, SuccessiveHalving.score(0, one).score(), 1e-12);
        // a run that diverged is scored on its last good checkpoint, like report does
        assertEquals(1.0, SuccessiveHalving.score(0, List.of(cartPole(0, "failed", 475, 475))).score(), 1e-12);
    }
}
