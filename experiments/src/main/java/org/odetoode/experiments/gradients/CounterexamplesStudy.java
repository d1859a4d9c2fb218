package org.odetoode.experiments.gradients;

import java.util.List;
import org.odetoode.modules.diagnostics.Counterexamples;
import org.odetoode.modules.diagnostics.LossSlice;

/**
 * {@code counterexamples}: the five counterexamples of gradient-diagnostics.md §2, each printed as the quantity that
 * the reconstructed Lemma 4.1 (e^{−βT} ≤ ‖∂x_T/∂x_0‖ ≤ e^{βT}, "gradients neither vanish nor explode") bounds or
 * promises, and its value.
 */
final class CounterexamplesStudy implements Study {
    private static final double[] CE3_HORIZONS = {5, 10, 20, 40, 80};

    @Override
    public String name() {
        return "counterexamples";
    }

    @Override
    public String summary() {
        return "the five counterexamples to the orthogonal-flow gradient lemma, with the bounded quantity and its value";
    }

    @Override
    public List<Setting> settings() {
        return List.of(new Setting("points", "1001", "psi grid points on [1, 2] for counterexample 3"));
    }

    @Override
    public boolean usesPolicies() {
        return false;
    }

    @Override
    public void run(StudyContext ctx) {
        Report r = ctx.report();
        String rk4 = " (RK4, " + Counterexamples.STEPS_PER_UNIT_TIME + " steps per unit time; Jacobians as products of "
                + "the step Jacobians, gradients by reverse mode)";
        r.headline("ce1_gain_T10", Counterexamples.scalarGain(-1.0, 10.0),
                "ce1: ||dx_T/dx_0|| for d = 1, W = -1 in O(1), f = id, T = 10; the lemma's lower bound e^{-T} = "
                        + String.format("%.3g", Math.exp(-10)) + " is attained" + rk4);
        r.headline("ce1_gain_plus_T10", Counterexamples.scalarGain(1.0, 10.0),
                "ce1: the same with W = +1: the upper bound e^{T} is attained" + rk4);
        double[] ce2 = Counterexamples.rotationGain(Math.PI / 3, 2.0);
        r.headline("ce2_gain", ce2[0], "ce2: singular value of dx_T/dx_0 for W = R(pi/3), f = id, T = 2 (both equal "
                + "e^{T cos theta} = e); orthogonal W, yet not isometric" + rk4);

        Axis psi = Axis.linear("psi", Axis.PER_TIME);
        Report.Panel ce3 = r.plot("ce3", "ce3: L(psi) = 0.5 ||x_T - x_0||^2 with b_psi = psi J", psi,
                Axis.linear("L", Axis.DIMENSIONLESS),
                "W_0 = I, constant unrestricted generator A = psi J (skew), f = id, x_0 = (1, 0)" + rk4);
        double[] minima = new double[CE3_HORIZONS.length];
        double[] slopes = new double[CE3_HORIZONS.length];
        for (int i = 0; i < CE3_HORIZONS.length; i++) {
            double t = CE3_HORIZONS[i];
            LossSlice s = Counterexamples.rotatingSlice(t, ctx.positiveInt("points"));
            ce3.series("T=" + Series.key(t), "", s.s(), s.values());
            minima[i] = s.localMinima();
            slopes[i] = s.maxAbsSlope();
            r.headline("ce3_local_minima_T" + Series.key(t), (long) s.localMinima(),
                    "ce3: strict local minima of L over psi in [1, 2] at T = " + Series.key(t)
                            + "; the state gain stays <= e there, the lemma's bound");
            r.headline("ce3_max_slope_T" + Series.key(t), s.maxAbsSlope(),
                    "ce3: max |dL/dpsi| over psi in [1, 2] at T = " + Series.key(t) + " (central differences)");
        }
        Report.Figure ce3Minima = r.figure("ce3-minima", "ce3: local minima and max slope against T",
                Axis.linear("T", Axis.TIME), "from the ce3 slices");
        ce3Minima.panel(Axis.linear("local minima of L", "count"))
                .series("ce3", "", CE3_HORIZONS, minima);
        ce3Minima.panel(Axis.log("max |dL/dpsi|", Axis.TIME)).series("ce3", "", CE3_HORIZONS, slopes);

        double[] b = LossSlice.grid(0.0, 3.0, 13);
        double[] gain = new double[b.length];
        double[] ratio = new double[b.length];
        Counterexamples.Saturation base = Counterexamples.saturation(0.0);
        for (int i = 0; i < b.length; i++) {
            Counterexamples.Saturation s = Counterexamples.saturation(b[i]);
            gain[i] = s.stateGain();
            ratio[i] = s.weightGradient() / base.weightGradient();
        }
        Report.Figure ce4 = r.figure("ce4", "ce4: f = tanh(u + b), W = I, T = 5", Axis.linear("b", Axis.DIMENSIONLESS),
                "sigma_max(dx_T/dx_0) and ||dL/dW||(b)/||dL/dW||(0), L = 0.5 ||x_T||^2, x_0 = (0.5, -0.5)" + rk4);
        ce4.panel(Axis.log("state gain sigma_max", Axis.DIMENSIONLESS)).series("ce4", "", b, gain);
        ce4.panel(Axis.log("||dL/dW||(b) / ||dL/dW||(0)", Axis.DIMENSIONLESS))
                .series("ce4", "", b, ratio);
        Counterexamples.Saturation b3 = Counterexamples.saturation(3.0);
        r.headline("ce4_state_gain_b3", b3.stateGain(), "ce4: largest singular value of dx_T/dx_0 at b = 3 (the "
                + "lemma's quantity: looks healthy, ~1)" + rk4);
        r.headline("ce4_weight_grad_ratio_b3", b3.weightGradient() / base.weightGradient(),
                "ce4: ||dL/dW|| at b = 3 over its value at b = 0: the parameter gradient vanishes (tanh' ~ 4e^{-2b})");
        Counterexamples.Cancellation c = Counterexamples.cancellation(2000);
        r.headline("ce5_state_gain", c.stateGain(), "ce5: sigma_max(dx_T/dx_0) with W = M on [0, T/2), -M after, "
                + "f = id, T = 2, Euler N = 2000: isometric up to O(h)");
        r.headline("ce5_grad_ratio", c.cancelledGradient() / c.referenceGradient(),
                "ce5: ||dL/dM|| with the sign flip over ||dL/dM|| with W = M throughout: cancels to O(h)");
    }
}
