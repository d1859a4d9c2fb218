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
        r.figureLogX("sigma-max", "D1: largest singular value of dx_N/dx_0", "N", "log10 sigma_max",
                "SVD of the product of the step Jacobians" + mean);
        r.figureLogX("sigma-min", "D1: smallest singular value of dx_N/dx_0", "N", "log10 sigma_min",
                "SVD of the product of the step Jacobians" + mean);
        r.figureLogX("adjoint-score", "D1: adjoint score", "N", "log10 q95/q05 of ||dL/dx_k||",
                "percentiles over k = 0..N of the reverse-mode adjoint norms, L = 0.5 ||out - y||^2" + mean);
        r.figureLogX("gsc", "D3: GSC from x_0 to x_N", "N", "log10 GSC",
                "||dx_N/dx_0||_qm * ||x_0|| / ||x_N||" + mean);
        for (String policy : ctx.policies()) {
            for (double horizon : horizons) {
                double[][] logs = new double[4][depths.length];
                boolean[] ok = new boolean[depths.length];
                for (int i = 0; i < depths.length; i++) {
                    int col = i;
                    for (double[] l : logs) {
                        l[col] = Double.NaN;
                    }
                    String where = policy + " at T = " + Series.key(horizon) + ", N = " + depths[i];
                    ok[i] = ctx.attempt(where, () -> {
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
                String series = policy + " T=" + Series.key(horizon);
                // Points where the flow diverged are left out (a gap), and listed by the report.
                double[] n = kept(Series.of(depths), ok);
                r.series("sigma-max", series, n, kept(logs[0], ok));
                r.series("sigma-min", series, n, kept(logs[1], ok));
                r.series("adjoint-score", series, n, kept(logs[2], ok));
                r.series("gsc", series, n, kept(logs[3], ok));
                if (!ok[depths.length - 1]) {
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

    private static double[] kept(double[] values, boolean[] ok) {
        return java.util.stream.IntStream.range(0, values.length).filter(i -> ok[i]).mapToDouble(i -> values[i])
                .toArray();
    }
}
