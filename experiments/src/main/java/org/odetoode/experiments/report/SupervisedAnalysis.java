package org.odetoode.experiments.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.odetoode.experiments.report.Analysis.Curve;
import org.odetoode.experiments.report.Analysis.EnvCurves;
import org.odetoode.experiments.report.Analysis.Estimate;

/**
 * The numbers of a supervised report, per dataset and policy label over seeds: clean and mean corrupted test accuracy
 * (mean and IQM with 95 % bootstrap intervals), accuracy per corruption, the gradient health of the last epoch
 * (gradient norm per parameter block, orthogonality drift), the curves over epochs, and the probability that a
 * restricted run beats an unrestricted one (Mann-Whitney over pairs of runs, averaged over datasets) on clean and on
 * corrupted accuracy. The statistics are those of the RL report ({@link Stats}); only scored runs enter them.
 */
public final class SupervisedAnalysis {
    /** The accuracies P(restricted > unrestricted) is computed on. */
    public static final List<String> COMPARED = List.of("clean accuracy", "mean corrupted accuracy");

    /**
     * One label's runs on one dataset.
     *
     * @param corrupted per corruption id, the mean accuracy over seeds with its interval
     * @param gradientNorms per parameter block, the last epoch's gradient norm (mean over seeds, interval)
     * @param drift the last epoch's orthogonality drift (mean over seeds), or null when the block logs none
     * @param maxDrift the largest drift any epoch of any seed logged (NaN if none)
     */
    public record LabelStats(String label, RunRecord.Group group, int n, int diverged, long[] seeds, double[] clean,
            double[] meanCorrupted, Estimate cleanMean, Estimate cleanIqm, Estimate corruptedMean,
            Estimate corruptedIqm, Estimate drop, Map<String, Estimate> corrupted, Map<String, Estimate> gradientNorms,
            Estimate drift, double maxDrift, Estimate finalTrainLoss, List<Long> parameterCounts,
            double meanWallSeconds) {
    }

    /** P(restricted > unrestricted) on one accuracy, over the datasets both labels ran on. */
    public record Improvement(String restricted, String unrestricted, String metric, List<String> datasets,
            Estimate probability) {
    }

    private final List<SupervisedRecord> cells;
    private final int resamples;
    private final long seed;
    private final Map<String, Map<String, LabelStats>> perDataset = new TreeMap<>();
    /** Per dataset, per curve name (train loss, test accuracy, gradient norm BLOCK, drift): curves by label. */
    private final Map<String, Map<String, EnvCurves>> curves = new TreeMap<>();
    private final List<Improvement> improvements = new ArrayList<>();

    private SupervisedAnalysis(List<SupervisedRecord> cells, int resamples, long seed) {
        this.cells = cells;
        this.resamples = resamples;
        this.seed = seed;
    }

    /** Computes the report's numbers with {@code resamples} bootstrap resamples seeded from {@code seed}. */
    public static SupervisedAnalysis of(List<SupervisedRecord> cells, int resamples, long seed) {
        SupervisedAnalysis a = new SupervisedAnalysis(cells, resamples, seed);
        a.compute();
        return a;
    }

    private void compute() {
        Map<String, RunRecord.Group> groups = new LinkedHashMap<>();
        cells.forEach(c -> groups.putIfAbsent(c.label(), c.group()));
        Comparator<String> order = Comparator.<String, RunRecord.Group>comparing(l -> groups.getOrDefault(l,
                RunRecord.Group.BASELINE)).thenComparing(Comparator.naturalOrder());
        Map<String, Map<String, List<SupervisedRecord>>> byDataset = new TreeMap<>();
        for (SupervisedRecord c : cells) {
            if (c.scored()) {
                byDataset.computeIfAbsent(c.dataset(), k -> new TreeMap<>(order))
                        .computeIfAbsent(c.label(), k -> new ArrayList<>()).add(c);
            }
        }
        byDataset.forEach((dataset, byLabel) -> {
            Map<String, LabelStats> stats = new LinkedHashMap<>();
            byLabel.forEach((label, runs) -> stats.put(label, labelStats(dataset, label, runs)));
            perDataset.put(dataset, stats);
            curves.put(dataset, curves(dataset, byLabel));
        });
        improvements(byDataset);
    }

    private LabelStats labelStats(String dataset, String label, List<SupervisedRecord> runs) {
        String key = dataset + "/" + label;
        double[] clean = runs.stream().mapToDouble(SupervisedRecord::clean).toArray();
        double[] corrupted = runs.stream().mapToDouble(SupervisedRecord::meanCorrupted).toArray();
        double[] drop = runs.stream().mapToDouble(c -> c.clean() - c.meanCorrupted()).toArray();
        Set<String> ids = new LinkedHashSet<>();
        runs.forEach(c -> ids.addAll(c.corrupted().keySet()));
        Map<String, Estimate> perCorruption = new LinkedHashMap<>();
        for (String id : ids) {
            double[] x = runs.stream().filter(c -> c.corrupted().containsKey(id))
                    .mapToDouble(c -> c.corrupted().get(id)).toArray();
            perCorruption.put(id, estimate(x, Stats::mean, key + "/corruption/" + id));
        }
        Set<String> blocks = new LinkedHashSet<>();
        runs.forEach(c -> last(c).ifPresent(e -> blocks.addAll(e.gradientNorms().keySet())));
        Map<String, Estimate> norms = new LinkedHashMap<>();
        for (String block : blocks) {
            double[] x = runs.stream().map(SupervisedAnalysis::last).flatMap(java.util.Optional::stream)
                    .mapToDouble(e -> e.gradientNorms().getOrDefault(block, Double.NaN)).filter(Double::isFinite)
                    .toArray();
            norms.put(block, estimate(x, Stats::mean, key + "/gradient/" + block));
        }
        double[] drift = runs.stream().map(SupervisedAnalysis::last).flatMap(java.util.Optional::stream)
                .mapToDouble(SupervisedRecord.Epoch::drift).filter(Double::isFinite).toArray();
        double maxDrift = runs.stream().flatMap(c -> c.history().stream()).mapToDouble(SupervisedRecord.Epoch::drift)
                .filter(Double::isFinite).max().orElse(Double.NaN);
        double[] loss = runs.stream().map(SupervisedAnalysis::last).flatMap(java.util.Optional::stream)
                .mapToDouble(SupervisedRecord.Epoch::trainLoss).filter(Double::isFinite).toArray();
        return new LabelStats(label, runs.get(0).group(), runs.size(), (int) runs.stream()
                .filter(SupervisedRecord::diverged).count(), runs.stream().mapToLong(SupervisedRecord::seed).toArray(),
                clean, corrupted, estimate(clean, Stats::mean, key + "/clean/mean"),
                estimate(clean, Stats::iqm, key + "/clean/iqm"), estimate(corrupted, Stats::mean,
                        key + "/corrupted/mean"), estimate(corrupted, Stats::iqm, key + "/corrupted/iqm"),
                estimate(drop, Stats::mean, key + "/drop"), perCorruption, norms,
                drift.length == 0 ? null : estimate(drift, Stats::mean, key + "/drift"), maxDrift,
                estimate(loss, Stats::mean, key + "/loss"),
                runs.stream().map(SupervisedRecord::parameterCount).filter(p -> p >= 0).distinct().sorted().toList(),
                Stats.mean(runs.stream().mapToDouble(SupervisedRecord::wallSeconds).filter(Double::isFinite)
                        .toArray()));
    }

    /** The last logged epoch of a run that its scored checkpoint came from. */
    private static java.util.Optional<SupervisedRecord.Epoch> last(SupervisedRecord c) {
        return c.history().stream().filter(e -> e.epoch() <= c.epochs()).reduce((x, y) -> y);
    }

    private Estimate estimate(double[] x, ToDoubleFunction<double[]> statistic, String key) {
        return new Estimate(statistic.applyAsDouble(x), Stats.bootstrap(x, statistic, resamples,
                Analysis.seedOf(seed, key)));
    }

    /** The curves over epochs of one dataset: train loss, test accuracy, gradient norm per block, drift. */
    private Map<String, EnvCurves> curves(String dataset, Map<String, List<SupervisedRecord>> byLabel) {
        Map<String, EnvCurves> out = new LinkedHashMap<>();
        curve(out, dataset, byLabel, "test accuracy", "fraction of the clean test set", e -> e.testAccuracy());
        curve(out, dataset, byLabel, "train loss", "mean softmax cross-entropy over the epoch (nats)",
                e -> e.trainLoss());
        Set<String> blocks = new LinkedHashSet<>();
        byLabel.values().forEach(runs -> runs.forEach(c -> c.history().forEach(e -> blocks.addAll(e.gradientNorms()
                .keySet()))));
        for (String block : blocks) {
            curve(out, dataset, byLabel, "gradient norm " + block, "||dL/dθ|| of block " + block
                    + ", mean over the epoch's minibatches", e -> e.gradientNorms().getOrDefault(block, Double.NaN));
        }
        curve(out, dataset, byLabel, "orthogonality drift", "max_k ||W_k^T W_k - I||_F (dimensionless)",
                e -> e.drift());
        return out;
    }

    private void curve(Map<String, EnvCurves> out, String dataset, Map<String, List<SupervisedRecord>> byLabel,
            String name, String metric, ToDoubleFunction<SupervisedRecord.Epoch> value) {
        Map<String, Curve> byCurve = new LinkedHashMap<>();
        byLabel.forEach((label, runs) -> {
            List<double[][]> series = runs.stream().map(c -> points(c, value)).toList();
            if (series.stream().allMatch(s -> s[0].length >= 2)) {
                Analysis.meanCurve(series, resamples, Analysis.seedOf(seed, dataset + "/" + label + "/" + name))
                        .ifPresent(cv -> byCurve.put(label, cv));
            }
        });
        if (!byCurve.isEmpty()) {
            out.put(name, new EnvCurves(metric, byCurve));
        }
    }

    /** (epoch, value) of the epochs where the value is finite. */
    static double[][] points(SupervisedRecord c, ToDoubleFunction<SupervisedRecord.Epoch> value) {
        List<double[]> p = new ArrayList<>();
        for (SupervisedRecord.Epoch e : c.history()) {
            double y = value.applyAsDouble(e);
            if (Double.isFinite(y)) {
                p.add(new double[] {e.epoch(), y});
            }
        }
        double[][] out = new double[2][p.size()];
        for (int i = 0; i < p.size(); i++) {
            out[0][i] = p.get(i)[0];
            out[1][i] = p.get(i)[1];
        }
        return out;
    }

    private void improvements(Map<String, Map<String, List<SupervisedRecord>>> byDataset) {
        Set<String> restricted = new java.util.TreeSet<>();
        Set<String> unrestricted = new java.util.TreeSet<>();
        for (SupervisedRecord c : cells) {
            if (c.scored() && c.group() == RunRecord.Group.RESTRICTED) {
                restricted.add(c.label());
            } else if (c.scored() && c.group() == RunRecord.Group.UNRESTRICTED) {
                unrestricted.add(c.label());
            }
        }
        List<ToDoubleFunction<SupervisedRecord>> metrics = List.of(SupervisedRecord::clean,
                SupervisedRecord::meanCorrupted);
        for (String r : restricted) {
            for (String u : unrestricted) {
                for (int m = 0; m < COMPARED.size(); m++) {
                    ToDoubleFunction<SupervisedRecord> metric = metrics.get(m);
                    List<double[]> x = new ArrayList<>();
                    List<double[]> y = new ArrayList<>();
                    List<String> datasets = new ArrayList<>();
                    byDataset.forEach((dataset, byLabel) -> {
                        if (byLabel.containsKey(r) && byLabel.containsKey(u)) {
                            x.add(byLabel.get(r).stream().mapToDouble(metric).toArray());
                            y.add(byLabel.get(u).stream().mapToDouble(metric).toArray());
                            datasets.add(dataset);
                        }
                    });
                    if (!datasets.isEmpty()) {
                        improvements.add(new Improvement(r, u, COMPARED.get(m), datasets, new Estimate(
                                Stats.probabilityOfImprovement(x, y), Stats.probabilityOfImprovementInterval(x, y,
                                        resamples, Analysis.seedOf(seed, "poi/" + COMPARED.get(m) + "/" + r + "/"
                                                + u)))));
                    }
                }
            }
        }
    }

    /** Every run read, scored or not. */
    public List<SupervisedRecord> cells() {
        return cells;
    }

    /** The runs that do not enter the statistics, with why. */
    public List<SupervisedRecord> unscored() {
        return cells.stream().filter(c -> !c.scored()).toList();
    }

    /** Per dataset (sorted), per label (restricted, unrestricted, baselines): the statistics. */
    public Map<String, Map<String, LabelStats>> perDataset() {
        return perDataset;
    }

    /** Per dataset, the curves over epochs by name. */
    public Map<String, Map<String, EnvCurves>> curves() {
        return curves;
    }

    /** P(restricted > unrestricted) per pair of labels and accuracy. */
    public List<Improvement> improvements() {
        return improvements;
    }

    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }
}
