package org.odetoode.experiments.gradients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.odetoode.modules.diagnostics.Loss;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.HyperParameter;
import org.odetoode.modules.policy.Policies;

/**
 * A study's inputs: the policies, the {@code --set} values split into study settings (validated here) and policy
 * hyperparameters (validated by {@link Policies}), the seed of every random draw, and the {@link Report}.
 * Networks see inputs x ~ N(0, I) of size {@code obs-dim} and the loss L = ½‖out − y‖² with y ~ N(0, I), both drawn
 * from the seed.
 */
public final class StudyContext {
    /** Settings every policy-based study accepts. */
    public static final List<Study.Setting> COMMON = List.of(
            new Study.Setting("obs-dim", "4", "observation size of the networks"),
            new Study.Setting("act-dim", "2", "output size of the networks"));

    private final Study study;
    private final List<String> policies;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> policyOverrides = new LinkedHashMap<>();
    private final List<Path> runs;
    private final long seed;
    private final Report report;

    /**
     * @throws IllegalArgumentException naming the key when a {@code --set} key belongs neither to the study nor to
     *     any chosen policy
     */
    public StudyContext(Study study, List<String> policies, Map<String, String> sets, long seed) {
        this(study, policies, List.of(), sets, seed);
    }

    /**
     * A context that also names training runs, for a study that {@linkplain Study#usesRuns() reads them}.
     *
     * @throws IllegalArgumentException when runs are given to a study that reads none, or a {@code --set} key is
     *     unknown
     */
    public StudyContext(Study study, List<String> policies, List<Path> runs, Map<String, String> sets, long seed) {
        if (!runs.isEmpty() && !study.usesRuns()) {
            throw new IllegalArgumentException("--run applies to study trained only; study " + study.name()
                    + " draws its own networks");
        }
        this.study = study;
        this.policies = List.copyOf(policies);
        this.runs = List.copyOf(runs);
        this.seed = seed;
        this.report = new Report(study.name());
        List<Study.Setting> own = new ArrayList<>(study.settings());
        if (study.usesPolicies()) {
            own.addAll(COMMON);
        }
        for (Study.Setting s : own) {
            values.put(s.key(), sets.getOrDefault(s.key(), s.defaultValue()));
        }
        for (String p : study.usesPolicies() ? this.policies : List.<String>of()) {
            Map<String, String> hp = new HashMap<>();
            List<String> keys = Policies.hyperparameters(p).stream().map(HyperParameter::key).toList();
            study.policyDefaults().forEach((k, v) -> {
                if (keys.contains(k)) {
                    hp.put(k, v);
                }
            });
            sets.forEach((k, v) -> {
                if (keys.contains(k)) {
                    hp.put(k, v);
                }
            });
            policyOverrides.put(p, hp);
        }
        for (String k : sets.keySet()) {
            boolean known = values.containsKey(k) || policyOverrides.values().stream().anyMatch(m -> m.containsKey(k));
            if (!known) {
                throw new IllegalArgumentException("Unknown setting `" + k + "` for study " + study.name()
                        + ": study keys are " + values.keySet() + (study.usesPolicies()
                        ? "; other keys must be hyperparameters of " + String.join(", ", this.policies) : ""));
            }
        }
        values.forEach(report::setting);
        if (!this.runs.isEmpty()) {
            report.setting("runs", this.runs.stream().map(Path::toString).toList());
        }
        policyOverrides.forEach((p, hp) -> report.setting("policy." + p, hp));
        report.setting("seed", seed);
    }

    /** The study. */
    public Study study() {
        return study;
    }

    /** The chosen policies: the networks to draw, or for a study of runs the policies whose runs it reads. */
    public List<String> policies() {
        return policies;
    }

    /** The training runs the study reads (empty for the others). */
    public List<Path> runs() {
        return runs;
    }

    /** The report being filled. */
    public Report report() {
        return report;
    }

    /** The seed of every random draw of the study. */
    public long seed() {
        return seed;
    }

    /** A fresh generator from the seed and a salt, so each use draws independently and reproducibly. */
    public Random random(long salt) {
        return new Random(seed * 0x9E3779B97F4A7C15L + salt);
    }

    private String raw(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("study " + study.name() + " did not declare setting " + key);
        }
        return v;
    }

    /** An integer setting that must be ≥ 1. */
    public int positiveInt(String key) {
        try {
            int v = Integer.parseInt(raw(key).trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Setting " + key + " must be an integer >= 1, got `" + raw(key) + "`");
    }

    /** A number setting that must be finite and > 0. */
    public double positiveDouble(String key) {
        return positive(key, raw(key).trim());
    }

    /** A comma-separated list of integers, each ≥ 1. */
    public int[] positiveInts(String key) {
        String[] parts = raw(key).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException("Setting " + key + " must list integers >= 1, got `" + parts[i].trim()
                        + "` in `" + raw(key) + "`");
            }
        }
        return out;
    }

    /** A comma-separated list of numbers, each finite and > 0. */
    public double[] positiveDoubles(String key) {
        String[] parts = raw(key).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = positive(key, parts[i].trim());
        }
        return out;
    }

    private static double positive(String key, String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("Setting " + key + " must be a finite number > 0, got `" + s + "`");
        }
        return v;
    }

    /** The policy's network with the study's and the user's hyperparameters, plus {@code extra} on top. */
    public OdeNetwork network(String policy, Map<String, String> extra) {
        Map<String, String> hp = new HashMap<>(policyOverrides.get(policy));
        hp.putAll(extra);
        Network net = Policies.network(policy, positiveInt("obs-dim"), positiveInt("act-dim"), hp);
        if (!(net instanceof OdeNetwork ode)) {
            throw new IllegalArgumentException("Study " + study.name() + " needs a policy with a flow (odetoode, "
                    + "odetoode-unrestricted, hypernet, baseode, resnet); " + policy + " has none");
        }
        return ode;
    }

    /** The policy's network with the study's and the user's hyperparameters. */
    public OdeNetwork network(String policy) {
        return network(policy, Map.of());
    }

    /** {@code count} inputs x ~ N(0, I), the same for every policy. */
    public double[][] inputs(int count) {
        Random rng = random(1);
        double[][] x = new double[count][positiveInt("obs-dim")];
        for (double[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        return x;
    }

    /** L = ½‖out − y‖² with a seeded target y ~ N(0, I). */
    public Loss loss() {
        Random rng = random(2);
        double[] y = new double[positiveInt("act-dim")];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextGaussian();
        }
        return Loss.quadratic(y);
    }

    /** Runs {@code body} and records an arithmetic failure (a diverged flow) at {@code where} instead of aborting. */
    public boolean attempt(String where, Runnable body) {
        try {
            body.run();
            return true;
        } catch (ArithmeticException e) {
            report.failed(where, e.getMessage());
            return false;
        }
    }
}
