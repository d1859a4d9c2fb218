package org.odetoode.experiments.gradients;

import java.util.Map;
import org.odetoode.modules.diagnostics.JacobianSpectrum;
import org.odetoode.modules.diagnostics.SymmetricBand;
import org.odetoode.modules.diagnostics.UnrolledFlow;
import org.odetoode.modules.net.OdeNetwork;

/** {@code spectrum}: D1 (singular values of ∂x_k/∂x_0, adjoint norms and score) and D2 (band of Sym(D_kW_k)). */
final class SpectrumStudy implements Study {

    @Override
    public String name() {
        return "spectrum";
    }

    @Override
    public String summary() {
        return "D1 singular values of dx_k/dx_0 and adjoint norms over t, adjoint score; D2 band of Sym(D_k W_k)";
    }

    @Override
    public Map<String, String> policyDefaults() {
        return BOTH_FLOWS_HORIZON;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        Axis t = Axis.linear("t", Axis.TIME);
        Report.Panel singular = r.plot("spectrum", "D1: singular values of dx_k/dx_0", t,
                Axis.log("singular value of dx_k/dx_0", Axis.DIMENSIONLESS),
                "SVD (Hipparchus) of the product of the step Jacobians J_k = dx_{k+1}/dx_k, from forward-mode tangents "
                        + "through the solver stages; one seeded input x ~ N(0, I)");
        Report.Panel adjoint = r.plot("adjoint", "D1: adjoint norm ||dL/dx_k||", t,
                Axis.log("||dL/dx_k||", Axis.DIMENSIONLESS),
                "the network's reverse mode for L = 0.5 ||out - y||^2, y ~ N(0, I) seeded");
        Report.Panel eigenvalues = r.plot("band", "D2: extreme eigenvalues of Sym(D_k W_k)", t,
                Axis.linear("eigenvalue mu of Sym(D_k W_k)", Axis.PER_TIME),
                "eigenvalues (Hipparchus) of (D W + (D W)^T)/2, D = diag f'(W x_k + b) at the step's first stage");
        double[] x = ctx.inputs(1)[0];
        for (String policy : ctx.policies()) {
            ctx.attempt("policy " + policy, () -> {
                OdeNetwork net = ctx.network(policy);
                UnrolledFlow flow = UnrolledFlow.of(net, x, ctx.loss());
                JacobianSpectrum s = JacobianSpectrum.of(flow.chain());
                SymmetricBand band = SymmetricBand.of(flow);
                double h = net.horizon() / net.steps();
                double[] times = Series.times(net.steps() + 1, h);
                double[][] sv = s.singularValues();
                singular.series(policy, "sigma_max", times, Series.column(sv, 0));
                singular.series(policy, "sigma_min", times, Series.column(sv, sv[0].length - 1));
                adjoint.series(policy, "", times, s.adjointNorms());
                eigenvalues.series(policy, "mu_min", band.times(), band.lower());
                eigenvalues.series(policy, "mu_max", band.times(), band.upper());
                r.headline(policy + ".sigma_max", s.finalMaxGain(), "largest singular value of dx_N/dx_0");
                r.headline(policy + ".sigma_min", s.finalMinGain(), "smallest singular value of dx_N/dx_0");
                r.headline(policy + ".adjoint_score", s.adjointScore(),
                        "95th over 5th percentile of ||dL/dx_k|| over k = 0..N (1 is ideal)");
                r.headline(policy + ".band_lower", band.integratedLower(),
                        "h * sum_k mu_min(k): lower end of the log-gain band");
                r.headline(policy + ".band_upper", band.integratedUpper(),
                        "h * sum_k mu_max(k): upper end of the log-gain band");
            });
        }
    }
}
