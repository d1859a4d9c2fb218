package org.odetoode.experiments.gradients;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.odetoode.modules.diagnostics.LogisticMap;
import org.odetoode.modules.diagnostics.LossSlice;
import org.odetoode.modules.diagnostics.Stats;
import org.odetoode.modules.net.OdeNetwork;

/** {@code slices}: D5 loss slices along a random direction for several T, and the logistic-map reference. */
final class SlicesStudy implements Study {

    @Override
    public String name() {
        return "slices";
    }

    @Override
    public String summary() {
        return "D5 loss slices V(theta0 + s u) over T: slope, curvature, local minima; logistic-map reference";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("points", "201", "grid points in s"),
                new Setting("span", "0.5", "s runs over [-span, span]; u is a unit vector"),
                new Setting("horizons", "0.5,1,2", "the T values (unrestricted flows blow up near T = 3.8)"),
                new Setting("probes", "8", "inputs averaged in V"));
    }

    @Override
    public Map<String, String> policyDefaults() {
        return Map.of("steps", "50");
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        double span = ctx.positiveDouble("span");
        double[] s = LossSlice.grid(-span, span, ctx.positiveInt("points"));
        double[] horizons = ctx.positiveDoubles("horizons");
        double[][] inputs = ctx.inputs(ctx.positiveInt("probes"));
        String slice = "V(s) = mean over the probes of 0.5 ||out - y||^2 at theta0 + s u, u a seeded Gaussian unit vector "
                + "over all parameters";
        Axis horizonAxis = Axis.linear("T", Axis.TIME);
        Report.Panel slices = r.plot("slices", "D5: loss slices", Axis.linear("s", "parameter units"),
                Axis.linear("V(s)", Axis.DIMENSIONLESS), slice);
        Report.Panel maxSlopes = r.plot("max-slope", "D5: max |dV/ds| against T", horizonAxis,
                Axis.log("max |dV/ds|", "1/parameter unit"), "central differences of the sampled slice");
        Report.Panel curvatures = r.plot("curvature", "D5: max |d2V/ds2| against T", horizonAxis,
                Axis.log("max |d2V/ds2|", "1/parameter unit^2"), "second differences of the sampled slice");
        Report.Panel minimaCounts = r.plot("minima", "D5: local minima against T", horizonAxis,
                Axis.linear("local minima of V", "count"), "strict interior minima of the sampled slice");
        Report.Panel logistic = r.plot("logistic", "D5 reference: logistic map", Axis.linear("N", "iterations"),
                Axis.log("max |dV/dtheta|", Axis.DIMENSIONLESS),
                "V = mean_t (x_t(theta) - x_t(theta*))^2, x_0 = 0.2, exact forward-mode dV/dtheta, max over 4001 theta "
                        + "in theta* +- 0.02");
        for (String policy : ctx.policies()) {
            double[] maxSlope = new double[horizons.length];
            double[] minima = new double[horizons.length];
            double[] curvature = new double[horizons.length];
            boolean[] diverged = new boolean[horizons.length];
            for (int i = 0; i < horizons.length; i++) {
                double horizon = horizons[i];
                int col = i;
                maxSlope[i] = Double.NaN;
                minima[i] = Double.NaN;
                curvature[i] = Double.NaN;
                diverged[i] = !ctx.attempt("policy " + policy + " at T = " + horizon, () -> {
                    OdeNetwork net = ctx.network(policy, Map.of("T", Double.toString(horizon)));
                    LossSlice ls = LossSlice.along(net, inputs, ctx.loss(), direction(net.parameterCount(),
                            ctx.random(3)), s);
                    slices.series(policy, "T=" + Series.key(horizon), s, ls.values());
                    maxSlope[col] = ls.maxAbsSlope();
                    minima[col] = ls.localMinima();
                    curvature[col] = java.util.Arrays.stream(ls.curvatures()).map(Math::abs).max().orElse(Double.NaN);
                });
            }
            maxSlopes.series(policy, "", horizons, maxSlope, diverged);
            minimaCounts.series(policy, "", horizons, minima, diverged);
            curvatures.series(policy, "", horizons, curvature, diverged);
            if (diverged[horizons.length - 1]) {
                continue;
            }
            double last = horizons[horizons.length - 1];
            r.headline(policy + ".max_slope_T" + Series.key(last), maxSlope[horizons.length - 1],
                    "max |dV/ds| of the slice at T = " + Series.key(last));
            r.headline(policy + ".max_curvature_T" + Series.key(last), curvature[horizons.length - 1],
                    "max |d2V/ds2| of the slice at T = " + Series.key(last));
            r.headline(policy + ".local_minima_T" + Series.key(last), minima[horizons.length - 1],
                    "local minima of the slice at T = " + Series.key(last));
        }
        int[] ns = {10, 20, 40, 80};
        for (double thetaStar : new double[] {3.9, 2.8}) {
            double[] slopes = new double[ns.length];
            for (int i = 0; i < ns.length; i++) {
                slopes[i] = LogisticMap.maxSlope(thetaStar, ns[i], 0.02, 4001);
            }
            logistic.series("theta*=" + thetaStar, "", Series.of(ns), slopes);
            r.headline("logistic_" + thetaStar + "_max_slope_N80", slopes[ns.length - 1],
                    "max |dV/dtheta| of the logistic map at N = 80 around theta* = " + thetaStar);
        }
    }

    private static double[] direction(int n, Random rng) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = rng.nextGaussian();
        }
        double norm = Stats.norm(u);
        for (int i = 0; i < n; i++) {
            u[i] /= norm;
        }
        return u;
    }
}
