package org.odetoode.experiments.gradients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odetoode.agents.Metrics;
import org.odetoode.agents.SavedPolicy;
import org.odetoode.agents.Trainer;
import org.odetoode.agents.rollout.MeanStdFilter;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.experiments.report.RunReader;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.diagnostics.JacobianSpectrum;
import org.odetoode.modules.diagnostics.Loss;
import org.odetoode.modules.diagnostics.Stats;
import org.odetoode.modules.diagnostics.UnrolledFlow;
import org.odetoode.modules.net.OdeNetwork;
import org.odetoode.modules.policy.Policies;
import org.odetoode.modules.policy.Policy;

/**
 * {@code trained}: D1 and the saturation of D8 for the networks that training runs produced, next to the same runs'
 * initial networks, at the states the trained policy visits. This asks of a finished run what the other studies ask
 * of a random draw: did training drive the flow into saturation, shrink or blow up its gain, or (unrestricted) move
 * W_t off the orthogonal group?
 */
final class TrainedStudy implements Study {
    /** |z| beyond which tanh'(z) = 1 − tanh²(z) < 0.071: a unit passes less than a fourteenth of a perturbation. */
    static final double SATURATED = 2.0;

    @Override
    public String name() {
        return "trained";
    }

    @Override
    public String summary() {
        return "D1 singular values of dx_k/dx_0 and tanh saturation of trained runs (--run DIR) against their initial "
                + "networks, at the states the trained policy visits; orthogonality defect of W_t";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("probes", "16", "visited states, evenly spaced over one noiseless episode"));
    }

    @Override
    public boolean usesPolicies() {
        return false;
    }

    @Override
    public boolean usesRuns() {
        return true;
    }

    /** One run, loaded and checked. */
    private record Loaded(Path dir, SavedPolicy saved) {
    }

    @Override
    public void run(StudyContext ctx) {
        if (ctx.runs().isEmpty()) {
            throw new IllegalArgumentException("Study trained needs run directories: pass --run DIR (repeatable), "
                    + "e.g. a suite's cells/NAME folders");
        }
        List<Loaded> runs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path root : ctx.runs()) {
            boolean named = Files.isRegularFile(root.resolve(Trainer.CONFIG_FILE));
            for (Path dir : named ? List.of(root) : RunReader.find(List.of(root))) {
                SavedPolicy saved = SavedPolicy.read(dir);
                String policy = saved.config().policy();
                boolean chosen = ctx.policies().isEmpty() || ctx.policies().contains(policy);
                if (named && !hasFlow(saved)) {
                    throw new IllegalArgumentException("Run " + dir + " trained policy " + policy + ", which has no "
                            + "flow; study trained needs runs of " + String.join(", ", FLOWS));
                }
                if (chosen && hasFlow(saved)) {
                    runs.add(new Loaded(dir, saved));
                } else {
                    skipped.add(dir.toString());
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No run under " + ctx.runs() + " trained a policy with a flow"
                    + (ctx.policies().isEmpty() ? "" : " among " + ctx.policies()) + "; study trained needs runs of "
                    + String.join(", ", FLOWS));
        }
        ctx.report().setting("skipped runs", skipped);
        Map<String, Loaded> labelled = label(runs);
        int probes = ctx.positiveInt("probes");
        Report r = ctx.report();
        Axis t = Axis.linear("t", Axis.TIME);
        String over = "geometric mean over " + probes + " states visited in one noiseless episode of the trained "
                + "policy (frozen observation filter, reset from --seed)";
        Report.Figure gains = r.figure("spectrum", "D1: singular values of dx_k/dx_0, initial and trained", t,
                "SVD (Hipparchus) of the product of the step Jacobians (forward-mode tangents through the solver "
                        + "stages), float64; " + over);
        Report.Panel top = gains.panel(Axis.log("sigma_max of dx_k/dx_0", Axis.DIMENSIONLESS));
        Report.Panel bottom = gains.panel(Axis.log("sigma_min of dx_k/dx_0", Axis.DIMENSIONLESS));
        Report.Panel saturation = r.plot("saturation", "Saturated units of W_k x_k + b, initial and trained", t,
                Axis.linear("share of units with |W_k x_k + b| > " + SATURATED, Axis.DIMENSIONLESS),
                "first-stage pre-activations of step k over all units and the same states; tanh' < 0.071 there");
        labelled.forEach((label, run) -> {
            try (Env env = run.saved().makeEnv()) {
                Policy trained = run.saved().trainedPolicy(env);
                Policy initial = run.saved().initialPolicy(env);
                Episode episode = Episode.of(env, trained, run.saved(), ctx.seed());
                double[][] states = episode.probes(probes);
                r.headline(label + ".episode_return", episode.totalReward,
                        "return of the noiseless episode whose states are probed (float64 forward)");
                r.headline(label + ".episode_steps", (long) episode.states.size(), "length of that episode");
                double[] before = initial.network().parameters();
                double[] after = trained.network().parameters();
                for (ParameterBlock b : trained.network().parameterBlocks()) {
                    r.headline(label + ".moved." + b.name(), relativeChange(before, after, b),
                            "||theta_trained - theta_initial|| / ||theta_initial|| over the parameter block "
                                    + "(the absolute change where the initial block is 0)");
                }
                for (Map.Entry<String, Policy> variant : List.of(Map.entry("initial", initial),
                        Map.entry("trained", trained))) {
                    String v = variant.getKey();
                    ctx.attempt(label + " " + v, () -> {
                        Profile p = Profile.of((OdeNetwork) variant.getValue().network(), states);
                        top.series(label, v, p.times, p.sigmaMax);
                        bottom.series(label, v, p.times, p.sigmaMin);
                        saturation.series(label, v, p.stepTimes, p.saturated);
                        r.headline(label + "." + v + ".sigma_max", p.sigmaMax[p.sigmaMax.length - 1],
                                "sigma_max of dx_N/dx_0, " + over);
                        r.headline(label + "." + v + ".sigma_min", p.sigmaMin[p.sigmaMin.length - 1],
                                "sigma_min of dx_N/dx_0, " + over);
                        r.headline(label + "." + v + ".saturated", Stats.mean(p.saturated),
                                "share of first-stage pre-activations with |z| > " + SATURATED + " over all steps, "
                                        + "units and probed states");
                        r.headline(label + "." + v + ".orthogonality_defect", p.orthogonalityDefect,
                                "max over the weight grid of ||W_j^T W_j - I||_F: 0 up to rounding on O(d)");
                    });
                }
            }
        });
    }

    /** The policies with a flow over [0, T], which the study can read. */
    private static final List<String> FLOWS = Policies.NAMES.stream()
            .filter(p -> Policies.hyperparameters(p).stream().anyMatch(h -> h.key().equals("T"))).toList();

    private static boolean hasFlow(SavedPolicy saved) {
        return FLOWS.contains(saved.config().policy());
    }

    private static double relativeChange(double[] before, double[] after, ParameterBlock b) {
        double moved = 0.0;
        double size = 0.0;
        for (int i = b.offset(); i < b.offset() + b.length(); i++) {
            moved += (after[i] - before[i]) * (after[i] - before[i]);
            size += before[i] * before[i];
        }
        return Math.sqrt(moved) / (size > 0 ? Math.sqrt(size) : 1.0);
    }

    /** Short labels (policy and seed) when they tell the runs apart, else the folder names. */
    private static Map<String, Loaded> label(List<Loaded> runs) {
        Map<String, Loaded> out = new LinkedHashMap<>();
        for (Loaded run : runs) {
            out.put(run.saved().config().policy() + " seed " + run.saved().config().seed(), run);
        }
        if (out.size() == runs.size()) {
            return out;
        }
        out.clear();
        for (Loaded run : runs) {
            Path name = run.dir().toAbsolutePath().normalize().getFileName();
            String label = name == null ? run.dir().toString() : name.toString();
            if (out.putIfAbsent(label, run) != null) {
                out.put(run.dir().toString(), run);
            }
        }
        if (out.size() != runs.size()) {
            throw new IllegalArgumentException("--run names the same run directory twice: " + runs.stream()
                    .map(l -> l.dir().toString()).toList());
        }
        return out;
    }

    /** The normalised observations of one noiseless episode and its return. */
    private record Episode(List<double[]> states, double totalReward) {

        static Episode of(Env env, Policy policy, SavedPolicy saved, long seed) {
            Transition tr = env.reset(seed);
            double[] action = new double[env.actionSpace().size()];
            List<double[]> states = new ArrayList<>();
            double[] shift = saved.filter().shift();
            double[] scale = saved.filter().inverseStd();
            double total = 0.0;
            do {
                double[] x = MeanStdFilter.normalise(tr.observation, shift, scale);
                states.add(x);
                policy.act(x, action);
                env.step(action, tr);
                total += tr.reward;
            } while (!tr.done());
            return new Episode(states, total);
        }

        /** {@code n} states evenly spaced from the first to the last (all of them when the episode is shorter). */
        double[][] probes(int n) {
            int m = Math.min(n, states.size());
            double[][] out = new double[m][];
            for (int i = 0; i < m; i++) {
                int at = m == 1 ? 0 : (int) Math.round(i * (states.size() - 1.0) / (m - 1));
                out[i] = states.get(at);
            }
            return out;
        }
    }

    /** D1 and saturation of one network over a set of states. */
    private record Profile(double[] times, double[] sigmaMax, double[] sigmaMin, double[] stepTimes,
            double[] saturated, double orthogonalityDefect) {

        static Profile of(OdeNetwork net, double[][] states) {
            int n = net.steps();
            double h = net.horizon() / n;
            double[] logMax = new double[n + 1];
            double[] logMin = new double[n + 1];
            double[] saturated = new double[n];
            Loss loss = Loss.quadratic(new double[net.outputSize()]);
            for (double[] x : states) {
                UnrolledFlow flow = UnrolledFlow.of(net, x, loss);
                double[][] sv = JacobianSpectrum.of(flow.chain()).singularValues();
                for (int k = 0; k <= n; k++) {
                    logMax[k] += Math.log(sv[k][0]) / states.length;
                    logMin[k] += Math.log(sv[k][sv[k].length - 1]) / states.length;
                }
                double[][] z = flow.preActivations();
                for (int k = 0; k < n; k++) {
                    int count = 0;
                    for (double v : z[k]) {
                        count += Math.abs(v) > SATURATED ? 1 : 0;
                    }
                    saturated[k] += (double) count / z[k].length / states.length;
                }
            }
            return new Profile(Series.times(n + 1, h), exp(logMax), exp(logMin), Series.times(n, h), saturated,
                    Metrics.orthogonalityDrift(net));
        }

        private static double[] exp(double[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.exp(v[i]);
            }
            return out;
        }
    }
}
