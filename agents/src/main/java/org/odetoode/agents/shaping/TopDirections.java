package org.odetoode.agents.shaping;

import java.util.Arrays;
import java.util.Locale;

/**
 * Keeps the best {@code count} of m antithetic directions, as ARS V1-t/V2-t (Mania et al. 2018, Alg. 2 line 6),
 * ranked by a {@link RankRule}; ties go to the lower direction index. With {@code count = m} every direction is kept.
 */
public record TopDirections(int count, RankRule rule) {

    /** How a direction (r+, r−) is scored for selection. */
    public enum RankRule {
        /** max(r+, r−), as in the ARS paper. */
        MAX,
        /** |r+ − r−|, as Iris's {@code diff} and ES-MAML. */
        DIFF;

        /** The config spelling: {@code max}, {@code diff}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        double score(double plus, double minus) {
            double s = this == MAX ? Math.max(plus, minus) : Math.abs(plus - minus);
            return Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
        }
    }

    public TopDirections {
        if (count < 1) {
            throw new IllegalArgumentException("top-directions must be >= 1, got " + count);
        }
    }

    /**
     * The indices of the kept directions, best first.
     *
     * @param plus r+ per direction
     * @param minus r− per direction
     */
    public int[] select(double[] plus, double[] minus) {
        int m = plus.length;
        if (count > m) {
            throw new IllegalArgumentException("top-directions " + count + " exceeds the " + m + " directions");
        }
        // Best first: ascending in −score; a NaN score is −∞, so it comes last.
        double[] negated = new double[m];
        for (int i = 0; i < m; i++) {
            negated[i] = -rule.score(plus[i], minus[i]);
        }
        int[] order = StableOrder.ascending(negated);
        return Arrays.copyOf(order, count);
    }
}
