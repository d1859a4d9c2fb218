package org.odetoode.experiments.gradients;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.odetoode.modules.diagnostics.EsGradient;
import org.odetoode.modules.diagnostics.Loss;
import org.odetoode.modules.net.OdeNetwork;

/** {@code es-vs-backprop}: D10, antithetic ES estimates against the backprop gradient, over σ and over T. */
final class EsVsBackpropStudy implements Study {

    @Override
    public String name() {
        return "es-vs-backprop";
    }

    @Override
    public String summary() {
        return "D10 antithetic Gaussian ES gradient vs backprop: cosine and norm against sigma and T";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("sigmas", "0.001,0.01,0.03,0.1", "ES smoothing values for the sigma sweep"),
                new Setting("sigma", "0.03", "ES smoothing for the T sweep"),
                new Setting("directions", "32", "antithetic pairs K per estimate"),
                new Setting("horizons", "0.5,1,2", "the T values (unrestricted flows blow up near T = 3.8)"),
                new Setting("probes", "8", "inputs averaged in the objective"));
    }

    @Override
    public Map<String, String> policyDefaults() {
        return Map.of("steps", "20");
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        double[] sigmas = ctx.positiveDoubles("sigmas");
        double sigma = ctx.positiveDouble("sigma");
        int k = ctx.positiveInt("directions");
        double[] horizons = ctx.positiveDoubles("horizons");
        double[][] inputs = ctx.inputs(ctx.positiveInt("probes"));
        Loss loss = ctx.loss();
        String how = "g_ES = sum_i [F(theta + sigma e_i) - F(theta - sigma e_i)] e_i / (2 sigma K), K = " + k
                + " seeded Gaussian directions; F = mean over the probes of 0.5 ||out - y||^2; truth from backprop";
        Axis smoothing = Axis.log("ES smoothing sigma", "parameter units");
        Axis horizon = Axis.linear("T", Axis.TIME);
        Axis cosine = Axis.linear("cos(g_ES, grad)", Axis.DIMENSIONLESS);
        Report.Panel sigmaCosine = r.plot("sigma-cosine", "D10: cos(g_ES, grad) against sigma", smoothing, cosine, how);
        Report.Panel sigmaNorm = r.plot("sigma-norm", "D10: ||g_ES|| / ||grad|| against sigma", smoothing,
                Axis.log("||g_ES|| / ||grad||", Axis.DIMENSIONLESS), how);
        Report.Panel horizonCosine = r.plot("horizon-cosine", "D10: cos(g_ES, grad) against T, sigma = " + sigma,
                horizon, cosine, how);
        Report.Panel horizonNorm = r.plot("horizon-norm", "D10: norms against T, sigma = " + sigma, horizon,
                Axis.log("gradient norm", "1/parameter unit"), how);
        for (String policy : ctx.policies()) {
            double[] cos = new double[sigmas.length];
            double[] ratio = new double[sigmas.length];
            Arrays.fill(cos, Double.NaN);
            Arrays.fill(ratio, Double.NaN);
            boolean[] sweepDiverged = new boolean[sigmas.length];
            Arrays.fill(sweepDiverged, !ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                for (int i = 0; i < sigmas.length; i++) {
                    EsGradient.Comparison c = compare(ctx, net, inputs, loss, sigmas[i], k);
                    cos[i] = c.cosine();
                    ratio[i] = c.normRatio();
                }
            }));
            sigmaCosine.series(policy, "", sigmas, cos, sweepDiverged);
            sigmaNorm.series(policy, "", sigmas, ratio, sweepDiverged);
            double[] hc = new double[horizons.length];
            double[] es = new double[horizons.length];
            double[] bp = new double[horizons.length];
            boolean[] diverged = new boolean[horizons.length];
            for (int i = 0; i < horizons.length; i++) {
                int col = i;
                hc[i] = es[i] = bp[i] = Double.NaN;
                diverged[i] = !ctx.attempt("policy " + policy + " at T = " + horizons[i], () -> {
                    OdeNetwork net = ctx.network(policy, Map.of("T", Double.toString(horizons[col])));
                    EsGradient.Comparison c = compare(ctx, net, inputs, loss, sigma, k);
                    hc[col] = c.cosine();
                    es[col] = c.estimateNorm();
                    bp[col] = c.trueNorm();
                });
            }
            horizonCosine.series(policy, "", horizons, hc, diverged);
            horizonNorm.series(policy, "ES", horizons, es, diverged);
            horizonNorm.series(policy, "backprop", horizons, bp, diverged);
            if (diverged[horizons.length - 1]) {
                continue;
            }
            double last = horizons[horizons.length - 1];
            r.headline(policy + ".cosine_sigma" + Series.key(sigma) + "_T" + Series.key(last), hc[horizons.length - 1],
                    "cos(g_ES, grad) at sigma = " + sigma + ", T = " + Series.key(last));
            r.headline(policy + ".es_norm_T" + Series.key(last), es[horizons.length - 1], "||g_ES|| at the largest T");
            r.headline(policy + ".grad_norm_T" + Series.key(last), bp[horizons.length - 1],
                    "||grad|| (backprop) at the largest T");
        }
    }

    private static EsGradient.Comparison compare(StudyContext ctx, OdeNetwork net, double[][] inputs, Loss loss,
            double sigma, int k) {
        double[] theta = net.parameters();
        double[] truth = new double[theta.length];
        double[] out = new double[net.outputSize()];
        for (double[] x : inputs) {
            net.forward(x, out);
            double[] g = net.gradient(x, loss.gradient(out)).parameters();
            for (int i = 0; i < g.length; i++) {
                truth[i] += g[i] / inputs.length;
            }
        }
        ToDoubleFunction<double[]> f = p -> {
            try {
                net.setParameters(p);
            } catch (ArithmeticException diverged) {
                return Double.NaN; // a perturbation that blows the flow up poisons the estimate, and is reported
            }
            double s = 0.0;
            for (double[] x : inputs) {
                net.forward(x, out);
                s += loss.value(out);
            }
            return s / inputs.length;
        };
        try {
            return EsGradient.compare(EsGradient.antithetic(f, theta, sigma, k, ctx.random(4)), truth);
        } finally {
            net.setParameters(theta);
        }
    }
}
