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
        r.figure("norms", "D8: state gradient vs weight gradient", "t", "log10 norm",
                "RMS over the batch of ||dL/dx_k|| (network reverse mode) and of ||dL/dW_k|| / h (stage-wise reverse "
                        + "pass, per unit time)");
        r.figure("sign-diversity", "D8: sign diversity of W x + b", "t", "min(P,N)/(P+N)",
                "per unit, min(P, N)/(P + N) over the batch, averaged over units");
        r.figure("spread", "D8: pre-activation spread", "t", "std over the batch",
                "per unit, standard deviation of W_k x_k + b over the batch, averaged over units");
        for (String policy : ctx.policies()) {
            ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                NormProfile p = NormProfile.of(net, batch, ctx.loss());
                r.series("norms", policy + " state", p.times(), Series.log10(p.stateGradient()));
                r.series("norms", policy + " weights", p.times(), Series.log10(p.parameterGradient()));
                r.series("sign-diversity", policy, p.times(), p.signDiversity());
                r.series("spread", policy, p.times(), p.preActivationSpread());
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
