package org.odetoode.experiments.gradients;

import java.util.List;
import java.util.Map;
import org.odetoode.modules.diagnostics.NormProfile;
import org.odetoode.modules.diagnostics.Stats;
import org.odetoode.modules.net.OdeNetwork;

/** {@code norms}: D8, state-gradient against parameter-gradient norm over time, sign diversity, spread. */
final class NormsStudy implements Study {

    @Override
    public String name() {
        return "norms";
    }

    @Override
    public String summary() {
        return "D8 ||dL/dx_t|| against ||dL/dW_t|| over t, sign diversity and spread of the pre-activations";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("probes", "32", "batch of inputs"));
    }

    @Override
    public Map<String, String> policyDefaults() {
        return BOTH_FLOWS_HORIZON;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        double[][] batch = ctx.inputs(ctx.positiveInt("probes"));
        Axis t = Axis.linear("t", Axis.TIME);
        Report.Figure norms = r.figure("norms", "D8: state gradient vs weight gradient", t,
                "RMS over the batch of ||dL/dx_k|| (network reverse mode) and of ||dL/dW_k|| / h (stage-wise reverse "
                        + "pass, per unit time)");
        Report.Panel stateNorms = norms.panel(Axis.log("RMS ||dL/dx_k||", Axis.DIMENSIONLESS));
        Report.Panel weightNorms = norms.panel(Axis.log("RMS ||dL/dW_k|| / h", Axis.PER_TIME));
        Report.Panel diversity = r.plot("sign-diversity", "D8: sign diversity of W x + b", t,
                Axis.linear("min(P,N)/(P+N)", Axis.DIMENSIONLESS),
                "per unit, min(P, N)/(P + N) over the batch, averaged over units");
        Report.Panel spread = r.plot("spread", "D8: pre-activation spread", t,
                Axis.linear("std of W_k x_k + b over the batch", Axis.DIMENSIONLESS),
                "per unit, standard deviation of W_k x_k + b over the batch, averaged over units");
        for (String policy : ctx.policies()) {
            ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                NormProfile p = NormProfile.of(net, batch, ctx.loss());
                stateNorms.series(policy, "", p.times(), p.stateGradient());
                weightNorms.series(policy, "", p.times(), p.parameterGradient());
                diversity.series(policy, "", p.times(), p.signDiversity());
                spread.series(policy, "", p.times(), p.preActivationSpread());
                r.headline(policy + ".state_grad_spread", Series.spread(p.stateGradient()),
                        "max over min across t of the RMS ||dL/dx_t||");
                r.headline(policy + ".weight_grad_spread", Series.spread(p.parameterGradient()),
                        "max over min across t of the RMS ||dL/dW_t||");
                r.headline(policy + ".mean_sign_diversity", Stats.mean(p.signDiversity()),
                        "sign diversity averaged over t");
            });
        }
    }
}
