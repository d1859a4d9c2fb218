package org.odetoode.experiments.gradients;

import java.util.Map;
import org.odetoode.modules.diagnostics.Lyapunov;
import org.odetoode.modules.diagnostics.UnrolledFlow;
import org.odetoode.modules.flow.GroupFlow;
import org.odetoode.modules.net.OdeNetwork;

/** {@code lyapunov}: D6, Benettin estimates of the largest exponent of the state flow and of the weight flow. */
final class LyapunovStudy implements Study {

    @Override
    public String name() {
        return "lyapunov";
    }

    @Override
    public String summary() {
        return "D6 largest Lyapunov exponent (Benettin, renormalised every step) of the state flow and the weight flow";
    }

    @Override
    public Map<String, String> policyDefaults() {
        return BOTH_FLOWS_HORIZON;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        Axis t = Axis.linear("t", Axis.TIME);
        Axis lambda = Axis.linear("running estimate of lambda", Axis.PER_TIME);
        Report.Panel states = r.plot("state", "D6: state flow, running Lyapunov estimate", t, lambda,
                "Benettin: a seeded unit tangent pushed through the step Jacobians, renormalised every step, "
                        + "sum of ln growth / t; one seeded input");
        Report.Panel weights = r.plot("weights", "D6: weight flow, running Lyapunov estimate", t, lambda,
                "Benettin on the one-step map W_j -> W_j E(dt b(t_j, W_j)) by central differences (eps = 1e-6 max(1, ||W_j||_F)) along "
                        + "the network's weight grid; tangent to O(d) for restricted flows");
        double[] x = ctx.inputs(1)[0];
        for (String policy : ctx.policies()) {
            ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                Lyapunov.Estimate state = Lyapunov.ofStates(UnrolledFlow.of(net, x, ctx.loss()).chain(), ctx.seed());
                states.series(policy, "", state.times(), state.running());
                r.headline(policy + ".state_lambda", state.exponent(), "largest Lyapunov exponent of x_t over [0, T]");
                if (net.flow() instanceof GroupFlow) {
                    Lyapunov.Estimate w = Lyapunov.ofWeights(net, ctx.seed());
                    weights.series(policy, "", w.times(), w.running());
                    r.headline(policy + ".weight_lambda", w.exponent(), "largest Lyapunov exponent of W_t over [0, T]");
                }
            });
        }
    }
}
