package org.odetoode.experiments.gradients;

import java.util.List;
import org.odetoode.modules.Activation;
import org.odetoode.modules.diagnostics.GradientScale;
import org.odetoode.modules.diagnostics.LossSlice;
import org.odetoode.modules.diagnostics.MeanField;

/** {@code meanfield}: D4 for the discrete tanh and relu baselines, with the critical point and a random-net check. */
final class MeanFieldStudy implements Study {

    @Override
    public String name() {
        return "meanfield";
    }

    @Override
    public String summary() {
        return "D4 mean-field chi_1, q*, depth scales for tanh and relu, critical sigma_w^2, random-chain GSC check";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("sigma-b2", "0.05", "bias variance sigma_b^2"),
                new Setting("points", "36", "sigma_w^2 grid points on [0.5, 4]"),
                new Setting("width", "100", "width of the random chains"),
                new Setting("depth", "30", "depth L of the random chains"),
                new Setting("seeds", "2", "random chains per sigma_w^2 (geometric mean)"));
    }

    @Override
    public boolean usesPolicies() {
        return false;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        double sb2 = ctx.positiveDouble("sigma-b2");
        int depth = ctx.positiveInt("depth");
        int width = ctx.positiveInt("width");
        int seeds = ctx.positiveInt("seeds");
        String quadrature = MeanField.NODES + "-point Gauss-Hermite quadrature (tensorised for double integrals)";
        Axis sigmaW2 = Axis.linear("sigma_w^2", Axis.DIMENSIONLESS);
        Report.Panel chi1 = r.plot("chi1", "D4: chi_1 at sigma_b^2 = " + sb2, sigmaW2,
                Axis.linear("chi_1", Axis.DIMENSIONLESS),
                "chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] at the fixed point q* of the length map; " + quadrature);
        Report.Panel qStar = r.plot("q-star", "D4: fixed point q* of the length map", sigmaW2,
                Axis.linear("q*", Axis.DIMENSIONLESS),
                "fixed-point iteration of q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2 from q = 1 (relu has none for "
                        + "sigma_w^2 >= 2); " + quadrature);
        Report.Panel depthScales = r.plot("depth-scales", "D4: depth scales", sigmaW2, Axis.log("depth", "layers"),
                "xi_c = -1/ln(sigma_w^2 E[phi'(u1) phi'(u2)]) at the correlation fixed point c*, and 6 xi_c (the "
                        + "trainable depth of Schoenholz et al.); " + quadrature);
        Report.Panel perLayer = r.plot("gsc-per-layer", "D4 vs D3: ln GSC(L,0) / L on random tanh chains", sigmaW2,
                Axis.linear("ln GSC(L,0) / L", "per layer"),
                "measured: ln GSC(L,0)/L on random chains of width " + width + ", depth " + depth + " (geometric mean of "
                        + seeds + " seeds); predicted: ln(chi_1)/2");
        double[] sw2 = LossSlice.grid(0.5, 4.0, ctx.positiveInt("points"));
        for (Activation a : new Activation[] {Activation.TANH, Activation.RELU}) {
            MeanField mf = new MeanField(a);
            double[] chi = new double[sw2.length];
            java.util.List<double[]> xi = new java.util.ArrayList<>();
            java.util.List<double[]> q = new java.util.ArrayList<>();
            for (int i = 0; i < sw2.length; i++) {
                MeanField.Point p = mf.point(sw2[i], sb2);
                chi[i] = p.chi1();
                if (Double.isFinite(p.qStar())) {
                    q.add(new double[] {sw2[i], p.qStar()});
                }
                if (Double.isFinite(p.correlationDepth())) {
                    xi.add(new double[] {sw2[i], p.correlationDepth()});
                }
            }
            chi1.series(a.key(), "", sw2, chi);
            double[][] qArr = q.toArray(new double[0][]);
            qStar.series(a.key(), "", Series.column(qArr, 0), Series.column(qArr, 1));
            double[][] xiArr = xi.toArray(new double[0][]);
            double[] xs = Series.column(xiArr, 0);
            double[] ys = Series.column(xiArr, 1);
            depthScales.series(a.key(), "xi_c", xs, ys);
            if (a == Activation.TANH) {
                double[] six = ys.clone();
                for (int i = 0; i < six.length; i++) {
                    six[i] *= 6;
                }
                depthScales.series(a.key(), "6 xi_c", xs, six);
                randomChains(ctx, perLayer, mf, sb2, width, depth, seeds);
                double critical = mf.criticalSigmaW2(sb2, 0.5, 4.0);
                r.headline("critical_sigma_w2", critical, "sigma_w^2 where chi_1 = 1 for tanh at sigma_b^2 = " + sb2
                        + ", bisection to 1e-12 on " + quadrature);
                r.headline("q_star_critical", mf.qStar(critical, sb2), "q* of tanh at the critical point");
                r.headline("chi1_sigma_w2_2.5", mf.chi1(2.5, sb2), "tanh chi_1 at sigma_w^2 = 2.5");
                r.headline("xi_c_sigma_w2_2.5", mf.point(2.5, sb2).correlationDepth(), "tanh xi_c at sigma_w^2 = 2.5");
            } else {
                r.headline("relu_critical_sigma_w2", 2.0, "relu chi_1 = sigma_w^2 / 2 exactly (the quadrature "
                        + "reproduces it), so the critical point is 2");
            }
        }
    }

    private static void randomChains(StudyContext ctx, Report.Panel perLayer, MeanField mf, double sb2, int width,
            int depth, int seeds) {
        double[] grid = {0.75, 1.0, 1.5, 1.761, 2.0, 2.5, 3.0, 4.0};
        double[] measured = new double[grid.length];
        double[] predicted = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            double sum = 0.0;
            for (int s = 0; s < seeds; s++) {
                double gsc = GradientScale.gscToEnd(mf.randomChain(grid[i], sb2, width, depth, ctx.random(100 + s)))[0];
                sum += Math.log(gsc);
            }
            measured[i] = sum / seeds / depth;
            predicted[i] = 0.5 * Math.log(mf.chi1(grid[i], sb2));
        }
        perLayer.series(Activation.TANH.key(), "measured", grid, measured);
        perLayer.series(Activation.TANH.key(), "predicted ln(chi_1)/2", grid, predicted);
    }
}
