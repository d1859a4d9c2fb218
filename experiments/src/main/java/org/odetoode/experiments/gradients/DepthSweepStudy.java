package org.odetoode.experiments.gradients;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.odetoode.modules.diagnostics.Chain;
import org.odetoode.modules.diagnostics.GradientScale;
import org.odetoode.modules.diagnostics.JacobianSpectrum;
import org.odetoode.modules.diagnostics.Stats;
import org.odetoode.modules.diagnostics.UnrolledFlow;
import org.odetoode.modules.net.OdeNetwork;

/**
 * {@code depth-sweep}: D1 and D3 at the end of the flow for every N and T, restricted against unrestricted on one plot
 * per quantity. Lemma 4.1's bound does not depend on N but is exponential in T; the sweep shows both axes.
 */
final class DepthSweepStudy implements Study {

    @Override
    public String name() {
        return "depth-sweep";
    }

    @Override
    public String summary() {
        return "D1 and D3 at the end of the flow for N in {1,5,10,50,100} and T in {1,5,10,20}, per policy";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("depths", "1,5,10,50,100", "numbers of steps N"),
                new Setting("horizons", "1,5,10,20", "horizons T"),
                new Setting("probes", "32", "random inputs (directions) per point, geometric mean"));
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        int[] depths = ctx.positiveInts("depths");
        double[] horizons = ctx.positiveDoubles("horizons");
        double[][] inputs = ctx.inputs(ctx.positiveInt("probes"));
        String mean = "; geometric mean over " + inputs.length + " seeded inputs x ~ N(0, I)";
        Axis steps = Axis.log("N", "steps");
        Report.Panel[] panels = {
            r.plot("sigma-max", "D1: largest singular value of dx_N/dx_0", steps,
                    Axis.log("sigma_max of dx_N/dx_0", Axis.DIMENSIONLESS), "SVD of the product of the step Jacobians" + mean),
            r.plot("sigma-min", "D1: smallest singular value of dx_N/dx_0", steps,
                    Axis.log("sigma_min of dx_N/dx_0", Axis.DIMENSIONLESS), "SVD of the product of the step Jacobians" + mean),
            r.plot("adjoint-score", "D1: adjoint score", steps,
                    Axis.log("q95/q05 of ||dL/dx_k|| over k", Axis.DIMENSIONLESS),
                    "percentiles over k = 0..N of the reverse-mode adjoint norms, L = 0.5 ||out - y||^2" + mean),
            r.plot("gsc", "D3: GSC from x_0 to x_N", steps, Axis.log("GSC(0, N)", Axis.DIMENSIONLESS),
                    "||dx_N/dx_0||_qm * ||x_0|| / ||x_N||" + mean)};
        for (String policy : ctx.policies()) {
            for (double horizon : horizons) {
                double[][] logs = new double[4][depths.length];
                // Points where the flow diverged have no value: the plots mark them, the report lists why.
                boolean[] diverged = new boolean[depths.length];
                for (int i = 0; i < depths.length; i++) {
                    int col = i;
                    for (double[] l : logs) {
                        l[col] = Double.NaN;
                    }
                    String where = policy + " at T = " + Series.key(horizon) + ", N = " + depths[i];
                    diverged[i] = !ctx.attempt(where, () -> {
                        OdeNetwork net = ctx.network(policy, Map.of("T", Double.toString(horizon),
                                "steps", Integer.toString(depths[col])));
                        double[] sum = new double[4];
                        for (double[] x : inputs) {
                            Chain chain = UnrolledFlow.of(net, x, ctx.loss()).chain();
                            double[] sv = JacobianSpectrum.singularValues(chain.forwardProducts()[chain.steps()]);
                            double[] norms = Arrays.stream(chain.adjoints()).mapToDouble(Stats::norm).toArray();
                            sum[0] += Math.log10(sv[0]);
                            sum[1] += Math.log10(sv[sv.length - 1]);
                            sum[2] += Math.log10(JacobianSpectrum.adjointScore(norms));
                            sum[3] += Math.log10(GradientScale.gscToEnd(chain)[0]);
                        }
                        for (int q = 0; q < 4; q++) {
                            logs[q][col] = sum[q] / inputs.length;
                        }
                    });
                }
                for (int q = 0; q < panels.length; q++) {
                    panels[q].series(policy, "T=" + Series.key(horizon), Series.of(depths), pow10(logs[q]), diverged);
                }
                if (diverged[depths.length - 1]) {
                    continue;
                }
                String at = "T" + Series.key(horizon) + "_N" + depths[depths.length - 1];
                String how = " of dx_N/dx_0 at T = " + Series.key(horizon) + ", N = " + depths[depths.length - 1] + mean;
                r.headline(policy + ".sigma_max_" + at, Math.pow(10, logs[0][depths.length - 1]), "sigma_max" + how);
                r.headline(policy + ".sigma_min_" + at, Math.pow(10, logs[1][depths.length - 1]), "sigma_min" + how);
                r.headline(policy + ".gsc_" + at, Math.pow(10, logs[3][depths.length - 1]), "GSC(x_0 -> x_N)" + how);
            }
        }
    }

    private static double[] pow10(double[] logs) {
        return Arrays.stream(logs).map(l -> Math.pow(10, l)).toArray();
    }
}
