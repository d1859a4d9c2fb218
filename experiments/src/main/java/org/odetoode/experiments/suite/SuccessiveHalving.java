package org.odetoode.experiments.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.experiments.report.Normalization;
import org.odetoode.experiments.report.RunRecord;
import org.odetoode.experiments.report.Stats;

/**
 * The arithmetic of a tune: rung budgets, the score of a trial and which trials a rung promotes.
 *
 * <p>Score. Each cell of a trial (an env × tuning seed) gives its normalised final return f (report's
 * {@link Normalization}; the raw return for an env the table lacks) and its normalised best periodic evaluation b
 * (f when it made none). Its value is f − {@value #HOLD_PENALTY} · max(0, b − f): a run that peaked and fell back keeps
 * only part of its final score, so settings whose final return holds win over ones that were good once. A cell with no
 * final evaluation (failed before its first checkpoint) is worth −∞. The trial's score is the interquartile mean of
 * its cells' values (robust to one lucky or unlucky seed); ties go to the higher IQM of f, then to the lower trial
 * number, so that promotion is deterministic.
 */
public final class SuccessiveHalving {
    /** The share of a run's fall from its best evaluation to its final one that its value loses. */
    public static final double HOLD_PENALTY = 0.5;

    private SuccessiveHalving() {
    }

    /**
     * A trial's score at one rung.
     *
     * @param trial the trial number
     * @param score IQM of the cells' values (see the class comment); −∞ when no cell has a final evaluation
     * @param finalScore IQM of the cells' normalised final returns (the tie-break)
     * @param perEnv the score over each env's cells alone, in the order the cells came
     */
    public record TrialScore(int trial, double score, double finalScore, Map<String, Double> perEnv) {
    }

    /** The trials promoted from a rung of {@code n}: the best ⌊n / η⌋, at least one. */
    public static int kept(int n, int eta) {
        return Math.max(1, n / eta);
    }

    /**
     * The budget (iterations or env steps) of rung {@code rung} of {@code rungs}: the top rung gets {@code top}, each
     * rung below it η times less (rounded up, at least 1).
     */
    public static long budget(long top, int rung, int rungs, int eta) {
        return Math.max(1, (long) Math.ceil(top / Math.pow(eta, rungs - 1 - rung)));
    }

    /** Trials best first: score, then final score, both descending, then trial number ascending. */
    public static List<TrialScore> ranked(List<TrialScore> scores) {
        List<TrialScore> r = new ArrayList<>(scores);
        r.sort(Comparator.comparingDouble((TrialScore s) -> -orWorst(s.score()))
                .thenComparingDouble(s -> -orWorst(s.finalScore())).thenComparingInt(TrialScore::trial));
        return r;
    }

    /** The trials a rung promotes: the first {@link #kept} of {@link #ranked}, in trial order. */
    public static List<Integer> promoted(List<TrialScore> scores, int eta) {
        return ranked(scores).stream().limit(kept(scores.size(), eta)).map(TrialScore::trial).sorted().toList();
    }

    /** The score of trial {@code trial} from its cells' runs. */
    public static TrialScore score(int trial, List<RunRecord> cells) {
        double[] values = new double[cells.size()];
        double[] finals = new double[cells.size()];
        Map<String, List<Double>> byEnv = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            RunRecord r = cells.get(i);
            if (r.scored()) {
                double f = normalised(r.env(), r.finalReturn());
                double b = Double.isFinite(r.bestReturn()) ? normalised(r.env(), r.bestReturn()) : f;
                finals[i] = f;
                values[i] = f - HOLD_PENALTY * Math.max(0, b - f);
            } else {
                finals[i] = Double.NEGATIVE_INFINITY;
                values[i] = Double.NEGATIVE_INFINITY;
            }
            byEnv.computeIfAbsent(r.env(), e -> new ArrayList<>()).add(values[i]);
        }
        Map<String, Double> perEnv = new LinkedHashMap<>();
        byEnv.forEach((env, v) -> perEnv.put(env, Stats.iqm(v.stream().mapToDouble(Double::doubleValue).toArray())));
        return new TrialScore(trial, iqm(values), iqm(finals), perEnv);
    }

    /** The normalised score of a return on {@code env}, or the return itself where no normalisation is known. */
    static double normalised(String env, double value) {
        return Normalization.of(env).map(n -> n.score(value)).orElse(value);
    }

    /** IQM that stays −∞ (not NaN) when −∞ values survive the trimming. */
    private static double iqm(double[] x) {
        double m = Stats.iqm(x);
        return Double.isNaN(m) && x.length > 0 ? Double.NEGATIVE_INFINITY : m;
    }

    private static double orWorst(double x) {
        return Double.isNaN(x) ? Double.NEGATIVE_INFINITY : x;
    }
}
