package org.odetoode.experiments.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.odetoode.experiments.report.Stats.Interval;

/**
 * Everything the report shows, computed from the cells: per env and policy label the final-return statistics with
 * bootstrap intervals, steps to threshold and parameter counts; across envs the normalised-score aggregates with
 * stratified bootstrap intervals, performance profiles and the probability that each restricted label beats each
 * unrestricted one; and the curves over training. Only completed cells enter the numbers; the others are listed.
 */
public final class Analysis {
    /** Points on a curve's env-step grid. */
    static final int GRID = 50;
    /** Points on the performance profile's τ grid. */
    static final int TAUS = 101;

    /** A point estimate with its 95 % bootstrap interval. */
    public record Estimate(double value, Interval ci95) {
    }

    /** Env steps until the evaluation first reached the threshold, over a label's runs. */
    public record StepsToThreshold(double threshold, int reached, int runs, double medianSteps) {
    }

    /** One label's final returns in one env. */
    public record PolicyEnv(String label, RunRecord.Group group, int n, int diverged, double[] returns, long[] seeds, Estimate mean,
            Estimate median, Estimate iqr, Estimate iqm, StepsToThreshold steps, List<Long> parameterCounts,
            double meanWallSeconds) {
    }

    /** A mean curve over runs with its 95 % bootstrap band (of the mean over runs at each x). */
    public record Curve(double[] x, double[] mean, double[] lo, double[] hi, int runs) {
    }

    /** Curves of one env: what was plotted on y, and one curve per label. */
    public record EnvCurves(String metric, Map<String, Curve> byLabel) {
    }

    /** One label's normalised scores across the envs it ran in. */
    public record Aggregate(String label, RunRecord.Group group, List<String> envs, int runs, Estimate iqm,
            Estimate median, Estimate mean, Estimate optimalityGap) {
    }

    /** P(restricted > unrestricted) averaged over the envs both ran in. */
    public record Improvement(String restricted, String unrestricted, List<String> envs, Estimate probability) {
    }

    private final List<RunRecord> cells;
    private final int resamples;
    private final long seed;
    private final Map<String, Map<String, PolicyEnv>> perEnv = new TreeMap<>();
    private final Map<String, EnvCurves> learning = new TreeMap<>();
    private final Map<String, EnvCurves> infeasible = new TreeMap<>();
    private final Map<String, EnvCurves> drift = new TreeMap<>();
    private final Map<String, Aggregate> aggregates = new LinkedHashMap<>();
    private final List<Improvement> improvements = new ArrayList<>();
    private double[] taus = new double[0];
    private final Map<String, Curve> profiles = new LinkedHashMap<>();

    private Analysis(List<RunRecord> cells, int resamples, long seed) {
        this.cells = cells;
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Computes the report's numbers with {@code resamples} bootstrap resamples seeded from {@code seed}. */
    public static Analysis of(List<RunRecord> cells, int resamples, long seed) {
        Analysis a = new Analysis(cells, resamples, seed);
        a.compute();
        return a;
    }

    private void compute() {
        Map<String, Map<String, List<RunRecord>>> groups = new TreeMap<>();
        for (RunRecord c : cells) {
            if (c.scored()) {
                groups.computeIfAbsent(c.env(), k -> new TreeMap<>(labelOrder(cells)))
                        .computeIfAbsent(c.label(), k -> new ArrayList<>()).add(c);
            }
        }
        groups.forEach((env, byLabel) -> {
            Map<String, PolicyEnv> stats = new LinkedHashMap<>();
            byLabel.forEach((label, runs) -> stats.put(label, policyEnv(env, label, runs)));
            perEnv.put(env, stats);
            learning.put(env, learningCurves(env, byLabel));
            curves(env, byLabel, RunRecord.HistoryRow::infeasible, "infeasible candidates per iteration")
                    .ifPresent(c -> infeasible.put(env, c));
            curves(env, byLabel, RunRecord.HistoryRow::drift, "orthogonality drift max_k ||W_k^T W_k - I||_F")
                    .ifPresent(c -> drift.put(env, c));
        });
        aggregate(groups);
        improvements(groups);
    }

    /** Restricted labels first, then unrestricted, then the baselines; by name within a group. */
    private static Comparator<String> labelOrder(List<RunRecord> cells) {
        Map<String, RunRecord.Group> group = new LinkedHashMap<>();
        cells.forEach(c -> group.putIfAbsent(c.label(), c.group()));
        return Comparator.<String, RunRecord.Group>comparing(l -> group.getOrDefault(l, RunRecord.Group.BASELINE))
                .thenComparing(Comparator.naturalOrder());
    }

    private PolicyEnv policyEnv(String env, String label, List<RunRecord> runs) {
        double[] r = runs.stream().mapToDouble(RunRecord::finalReturn).toArray();
        long[] seeds = runs.stream().mapToLong(RunRecord::seed).toArray();
        String key = env + "/" + label;
        Optional<Normalization.Range> range = Normalization.of(env);
        StepsToThreshold steps = null;
        if (range.isPresent()) {
            double threshold = range.get().reference();
            List<Double> reached = new ArrayList<>();
            for (RunRecord c : runs) {
                double s = stepsTo(c, threshold);
                if (Double.isFinite(s)) {
                    reached.add(s);
                }
            }
            steps = new StepsToThreshold(threshold, reached.size(), runs.size(),
                    Stats.median(reached.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        List<Long> params = runs.stream().map(RunRecord::parameterCount).filter(p -> p >= 0).distinct().sorted()
                .toList();
        return new PolicyEnv(label, runs.get(0).group(), r.length, (int) runs.stream().filter(RunRecord::diverged)
                .count(), r, seeds,
                estimate(r, Stats::mean, key + "/mean"), estimate(r, Stats::median, key + "/median"),
                estimate(r, Stats::iqr, key + "/iqr"), estimate(r, Stats::iqm, key + "/iqm"), steps, params,
                Stats.mean(runs.stream().mapToDouble(RunRecord::wallSeconds).filter(Double::isFinite).toArray()));
    }

    /** The env steps at the first evaluation (periodic or final) at or above {@code threshold}; NaN if none. */
    static double stepsTo(RunRecord c, double threshold) {
        for (RunRecord.HistoryRow h : c.history()) {
            if (h.evalReturn() >= threshold) {
                return h.envSteps();
            }
        }
        return c.finalReturn() >= threshold ? c.envSteps() : Double.NaN;
    }

    private Estimate estimate(double[] x, ToDoubleFunction<double[]> statistic, String key) {
        return new Estimate(statistic.applyAsDouble(x), Stats.bootstrap(x, statistic, resamples, seedOf(key)));
    }

    /** A seed per quantity, so that one number does not change when another env or label is added. */
    private long seedOf(String key) {
        return seedOf(seed, key);
    }

    /** The seed of quantity {@code key} under the report's base seed {@code base}. */
    static long seedOf(long base, String key) {
        return base * 0x9E3779B97F4A7C15L + key.hashCode();
    }

    private EnvCurves learningCurves(String env, Map<String, List<RunRecord>> byLabel) {
        boolean evaluated = byLabel.values().stream().flatMap(List::stream).allMatch(c -> evalPoints(c)[0].length >= 2);
        Map<String, Curve> out = new LinkedHashMap<>();
        byLabel.forEach((label, runs) -> {
            List<double[][]> series = new ArrayList<>();
            for (RunRecord c : runs) {
                series.add(evaluated ? evalPoints(c) : points(c, RunRecord.HistoryRow::trainReturn));
            }
            curve(series, env + "/" + label + "/return").ifPresent(cv -> out.put(label, cv));
        });
        return new EnvCurves(evaluated ? "evaluation return (mean over episodes)"
                : "training return (mean of the iteration's episodes; fewer than 2 evaluations per run)", out);
    }

    /** The periodic evaluations and the final one, by env steps. */
    static double[][] evalPoints(RunRecord c) {
        double[][] p = points(c, RunRecord.HistoryRow::evalReturn);
        if (!Double.isFinite(c.finalReturn())) {
            return p;
        }
        int n = p[0].length;
        boolean sameStep = n > 0 && p[0][n - 1] == c.envSteps();
        double[][] out = new double[2][sameStep ? n : n + 1];
        System.arraycopy(p[0], 0, out[0], 0, n);
        System.arraycopy(p[1], 0, out[1], 0, n);
        out[0][out[0].length - 1] = c.envSteps();
        out[1][out[1].length - 1] = c.finalReturn();
        return out;
    }

    /** (env steps, value) of the history rows where both are finite and env steps increase. */
    static double[][] points(RunRecord c, ToDoubleFunction<RunRecord.HistoryRow> value) {
        List<double[]> p = new ArrayList<>();
        for (RunRecord.HistoryRow h : c.history()) {
            double y = value.applyAsDouble(h);
            if (Double.isFinite(y) && Double.isFinite(h.envSteps())) {
                if (!p.isEmpty() && p.get(p.size() - 1)[0] >= h.envSteps()) {
                    p.set(p.size() - 1, new double[] {h.envSteps(), y});
                } else {
                    p.add(new double[] {h.envSteps(), y});
                }
            }
        }
        double[][] out = new double[2][p.size()];
        for (int i = 0; i < p.size(); i++) {
            out[0][i] = p.get(i)[0];
            out[1][i] = p.get(i)[1];
        }
        return out;
    }

    private Optional<EnvCurves> curves(String env, Map<String, List<RunRecord>> byLabel,
            ToDoubleFunction<RunRecord.HistoryRow> value, String metric) {
        Map<String, Curve> out = new LinkedHashMap<>();
        byLabel.forEach((label, runs) -> {
            List<double[][]> series = runs.stream().map(c -> points(c, value)).toList();
            if (series.stream().allMatch(s -> s[0].length >= 2)) {
                curve(series, env + "/" + label + "/" + metric).ifPresent(cv -> out.put(label, cv));
            }
        });
        return out.isEmpty() ? Optional.empty() : Optional.of(new EnvCurves(metric, out));
    }

    /**
     * The mean over runs on a grid of {@link #GRID} env-step values from the earliest to the latest point of any run,
     * with a bootstrap band of the mean over runs. A run is interpolated linearly between its points, holds its last
     * value after its end (runs with an iteration budget end at different env steps) and is left out before its first
     * point; the band at each x resamples the runs present there.
     */
    private Optional<Curve> curve(List<double[][]> series, String key) {
        return meanCurve(series, resamples, seedOf(key));
    }

    /** {@link #curve}'s mean and band over {@code series}, with {@code resamples} resamples seeded by {@code seed}. */
    static Optional<Curve> meanCurve(List<double[][]> series, int resamples, long seed) {
        double from = Double.POSITIVE_INFINITY;
        double to = Double.NEGATIVE_INFINITY;
        for (double[][] s : series) {
            if (s[0].length < 2) {
                return Optional.empty();
            }
            from = Math.min(from, s[0][0]);
            to = Math.max(to, s[0][s[0].length - 1]);
        }
        if (!(from < to)) {
            return Optional.empty();
        }
        double[] x = new double[GRID];
        double[] mean = new double[GRID];
        double[] lo = new double[GRID];
        double[] hi = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            x[g] = from + (to - from) * g / (GRID - 1);
            double xg = x[g];
            double[] at = series.stream().filter(s -> s[0][0] <= xg).mapToDouble(s -> interpolate(s, xg)).toArray();
            mean[g] = Stats.mean(at);
            // one seed for every grid point: where the same runs are present, each resample is the same set of runs
            Interval ci = Stats.bootstrap(at, Stats::mean, resamples, seed);
            lo[g] = ci.lo();
            hi[g] = ci.hi();
        }
        return Optional.of(new Curve(x, mean, lo, hi, series.size()));
    }

    /** Linear interpolation of (x, y) at {@code x0}; the end values outside the x range. */
    static double interpolate(double[][] xy, double x0) {
        double[] x = xy[0];
        double[] y = xy[1];
        int i = Arrays.binarySearch(x, x0);
        if (i >= 0) {
            return y[i];
        }
        int right = -i - 1;
        if (right == 0) {
            return y[0];
        }
        if (right == x.length) {
            return y[x.length - 1];
        }
        double w = (x0 - x[right - 1]) / (x[right] - x[right - 1]);
        return y[right - 1] + w * (y[right] - y[right - 1]);
    }

    private void aggregate(Map<String, Map<String, List<RunRecord>>> groups) {
        Map<String, List<double[]>> scores = new LinkedHashMap<>();
        Map<String, List<String>> envs = new LinkedHashMap<>();
        Map<String, RunRecord.Group> group = new LinkedHashMap<>();
        TreeSet<String> labels = new TreeSet<>(labelOrder(cells));
        groups.values().forEach(m -> labels.addAll(m.keySet()));
        double min = 0.0;
        double max = 1.0;
        for (String label : labels) {
            for (Map.Entry<String, Map<String, List<RunRecord>>> e : groups.entrySet()) {
                List<RunRecord> runs = e.getValue().get(label);
                Optional<Normalization.Range> range = Normalization.of(e.getKey());
                if (runs == null || range.isEmpty()) {
                    continue;
                }
                double[] s = runs.stream().mapToDouble(c -> range.get().score(c.finalReturn())).toArray();
                for (double v : s) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                scores.computeIfAbsent(label, k -> new ArrayList<>()).add(s);
                envs.computeIfAbsent(label, k -> new ArrayList<>()).add(e.getKey());
                group.put(label, runs.get(0).group());
            }
        }
        taus = new double[TAUS];
        for (int i = 0; i < TAUS; i++) {
            taus[i] = min + (max - min) * i / (TAUS - 1);
        }
        scores.forEach((label, tasks) -> {
            String key = "aggregate/" + label;
            double[] pooled = tasks.stream().flatMapToDouble(Arrays::stream).toArray();
            aggregates.put(label, new Aggregate(label, group.get(label), envs.get(label), pooled.length,
                    stratified(tasks, pooled, Stats::iqm, key + "/iqm"),
                    stratified(tasks, pooled, Stats::median, key + "/median"),
                    stratified(tasks, pooled, Stats::mean, key + "/mean"),
                    stratified(tasks, pooled, Stats::optimalityGap, key + "/gap")));
            double[] mean = new double[TAUS];
            double[] lo = new double[TAUS];
            double[] hi = new double[TAUS];
            for (int i = 0; i < TAUS; i++) {
                double tau = taus[i];
                ToDoubleFunction<double[]> above = x -> Stats.fractionAbove(x, tau);
                mean[i] = above.applyAsDouble(pooled);
                // the same seed for every τ: each resample's profile is one curve
                Interval ci = Stats.percentileInterval(Stats.stratifiedBootstrap(tasks, above, resamples,
                        seedOf(key + "/profile")));
                lo[i] = ci.lo();
                hi[i] = ci.hi();
            }
            profiles.put(label, new Curve(taus.clone(), mean, lo, hi, pooled.length));
        });
    }

    private Estimate stratified(List<double[]> tasks, double[] pooled, ToDoubleFunction<double[]> statistic,
            String key) {
        return new Estimate(statistic.applyAsDouble(pooled),
                Stats.stratifiedInterval(tasks, statistic, resamples, seedOf(key)));
    }

    private void improvements(Map<String, Map<String, List<RunRecord>>> groups) {
        TreeSet<String> restricted = new TreeSet<>();
        TreeSet<String> unrestricted = new TreeSet<>();
        for (RunRecord c : cells) {
            if (c.scored() && c.group() == RunRecord.Group.RESTRICTED) {
                restricted.add(c.label());
            } else if (c.scored() && c.group() == RunRecord.Group.UNRESTRICTED) {
                unrestricted.add(c.label());
            }
        }
        for (String r : restricted) {
            for (String u : unrestricted) {
                List<double[]> x = new ArrayList<>();
                List<double[]> y = new ArrayList<>();
                List<String> envs = new ArrayList<>();
                groups.forEach((env, byLabel) -> {
                    if (byLabel.containsKey(r) && byLabel.containsKey(u)) {
                        x.add(byLabel.get(r).stream().mapToDouble(RunRecord::finalReturn).toArray());
                        y.add(byLabel.get(u).stream().mapToDouble(RunRecord::finalReturn).toArray());
                        envs.add(env);
                    }
                });
                if (!envs.isEmpty()) {
                    improvements.add(new Improvement(r, u, envs, new Estimate(Stats.probabilityOfImprovement(x, y),
                            Stats.probabilityOfImprovementInterval(x, y, resamples, seedOf("poi/" + r + "/" + u)))));
                }
            }
        }
    }

    /** All cells read, completed or not, in directory order. */
    public List<RunRecord> cells() {
        return cells;
    }

    /** The cells that do not enter the statistics: stopped, incomplete, or failed before any checkpoint. */
    public List<RunRecord> unscored() {
        return cells.stream().filter(c -> !c.scored()).toList();
    }

    /** Per env (sorted), per label (restricted, unrestricted, baselines): the final-return statistics. */
    public Map<String, Map<String, PolicyEnv>> perEnv() {
        return perEnv;
    }

    /** Learning curves per env. */
    public Map<String, EnvCurves> learning() {
        return learning;
    }

    /** Infeasible-candidate curves per env (envs whose runs log them). */
    public Map<String, EnvCurves> infeasible() {
        return infeasible;
    }

    /** Orthogonality-drift curves per env (labels whose flows stay on O(d)). */
    public Map<String, EnvCurves> drift() {
        return drift;
    }

    /** Normalised-score aggregates per label, over the envs with a normalisation pair. */
    public Map<String, Aggregate> aggregates() {
        return aggregates;
    }

    /** Performance profiles per label: fraction of runs with normalised score above τ. */
    public Map<String, Curve> profiles() {
        return profiles;
    }

    /** P(restricted > unrestricted) for each pair of labels. */
    public List<Improvement> improvements() {
        return improvements;
    }

    /** Bootstrap resamples used. */
    public int resamples() {
        return resamples;
    }

    /** The bootstrap's base seed. */
    public long seed() {
        return seed;
    }
}
