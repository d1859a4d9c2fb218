package org.odetoode.experiments.gradients;

import java.util.List;
import java.util.Map;
import org.odetoode.modules.diagnostics.GradientScale;
import org.odetoode.modules.diagnostics.UnrolledFlow;
import org.odetoode.modules.net.OdeNetwork;

/** {@code gsc}: D3, GSC(k, 0) over blocks of steps and its parameter analogue, geometric means over probes. */
final class GscStudy implements Study {

    @Override
    public String name() {
        return "gsc";
    }

    @Override
    public String summary() {
        return "D3 gradient scale coefficient GSC(k,0) over blocks of steps and ||dL/dtheta_k|| ||theta_k|| / L";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("probes", "8", "random inputs averaged (geometric mean)"),
                new Setting("blocks", "10", "blocks of steps of equal duration"));
    }

    @Override
    public Map<String, String> policyDefaults() {
        return BOTH_FLOWS_HORIZON;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        int blocks = ctx.positiveInt("blocks");
        double[][] inputs = ctx.inputs(ctx.positiveInt("probes"));
        Report.Panel gscPanel = r.plot("gsc", "D3: GSC from x_k to x_N", Axis.linear("t_k", Axis.TIME),
                Axis.log("GSC(k, N)", Axis.DIMENSIONLESS),
                "||dx_N/dx_k||_qm * ||x_k|| / ||x_N||, ||A||_qm = ||A||_F / sqrt(rows), dx_N/dx_k the product of the step "
                        + "Jacobians; geometric mean over the probes");
        Report.Panel paramPanel = r.plot("param-scale", "D3: parameter analogue per block",
                Axis.linear("block start t", Axis.TIME), Axis.log("P_b = ||dL/dW_b|| ||W_b|| / L", Axis.DIMENSIONLESS),
                "||dL/dW_block|| * ||W_block|| / L with W_block the weights the main flow reads in the block and "
                        + "dL/dW from the stage-wise reverse pass; geometric mean over the probes");
        for (String policy : ctx.policies()) {
            ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                double[] logG = null;
                double[] logP = null;
                int[] starts = null;
                for (double[] x : inputs) {
                    GradientScale g = GradientScale.of(UnrolledFlow.of(net, x, ctx.loss()), blocks);
                    starts = g.blockStarts();
                    logG = accumulateLog(logG, g.gsc());
                    logP = accumulateLog(logP, g.parameterScale());
                }
                double h = net.horizon() / net.steps();
                double[] t = new double[starts.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = starts[i] * h;
                }
                double[] gsc = geometricMean(logG, inputs.length);
                double[] param = geometricMean(logP, inputs.length);
                gscPanel.series(policy, "", t, gsc);
                paramPanel.series(policy, "", java.util.Arrays.copyOf(t, param.length), param);
                r.headline(policy + ".gsc_x0", gsc[0], "GSC from x_0 to x_N, geometric mean over the probes");
                r.headline(policy + ".param_scale_spread", Series.spread(param),
                        "max over min across blocks of the parameter analogue (1: every block learns alike)");
            });
        }
    }

    private static double[] accumulateLog(double[] acc, double[] v) {
        double[] a = acc == null ? new double[v.length] : acc;
        for (int i = 0; i < v.length; i++) {
            a[i] += Math.log10(v[i]);
        }
        return a;
    }

    /** 10^(sum / n) entrywise: the geometric mean from a sum of n log10 values. */
    private static double[] geometricMean(double[] sumOfLogs, int n) {
        double[] out = new double[sumOfLogs.length];
        for (int i = 0; i < sumOfLogs.length; i++) {
            out[i] = Math.pow(10, sumOfLogs[i] / n);
        }
        return out;
    }
}
