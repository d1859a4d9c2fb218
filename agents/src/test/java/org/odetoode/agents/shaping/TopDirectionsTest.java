package org.odetoode.agents.shaping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopDirectionsTest {
    private static final double[] PLUS = {1.0, 5.0, 2.0, 4.0};
    private static final double[] MINUS = {3.0, 4.5, -6.0, 4.0};

    @Test
    void maxRuleRanksByTheBetterOfThePair() {
        // max: 3, 5, 2, 4
        assertArrayEquals(new int[] {1, 3}, new TopDirections(2, TopDirections.RankRule.MAX).select(PLUS, MINUS));
    }

    @Test
    void diffRuleRanksByTheGapOfThePair() {
        // |diff|: 2, 0.5, 8, 0
        assertArrayEquals(new int[] {2, 0}, new TopDirections(2, TopDirections.RankRule.DIFF).select(PLUS, MINUS));
    }

    @Test
    void tiesGoToTheLowerIndexAndNaNRanksLast() {
        double[] plus = {1.0, Double.NaN, 1.0};
        double[] minus = {0.0, 9.0, 0.0};
        assertArrayEquals(new int[] {0, 2}, new TopDirections(2, TopDirections.RankRule.MAX).select(plus, minus));
    }

    @Test
    void moreThanTheDirectionsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopDirections(5, TopDirections.RankRule.MAX).select(PLUS, MINUS));
        assertEquals("top-directions 5 exceeds the 4 directions", e.getMessage());
    }

    @Test
    void zScoreOfTheUsedReturnsDividesDifferencesByTheirStd() {
        double[] u = FitnessShaping.Z_SCORE.shape(new double[] {2, 0, 4, 2});
        // std of {2, 0, 4, 2} is √2: differences (2 − 0), (4 − 2) become √2, √2.
        assertEquals(Math.sqrt(2), u[0] - u[1], 1e-12);
        assertEquals(Math.sqrt(2), u[2] - u[3], 1e-12);
    }

    @Test
    void centeredRankSpansMinusHalfToHalf() {
        assertArrayEquals(new double[] {0.5, -0.5, 0.0}, FitnessShaping.CENTERED_RANK.shape(new double[] {3, -1, 2}), 0);
    }
}
