package org.odetoode.modules.diagnostics;

import org.odetoode.modules.net.OdeNetwork;

/**
 * D8 over a batch of inputs (research note §3 and §1c): at every step t_k
 * <ul>
 *   <li>the state-gradient norm ‖a_k‖ = ‖∂L/∂x_k‖ (root mean square over the batch);</li>
 *   <li>the parameter-gradient density ‖∂L/∂W(t_k)‖ = ‖∂L/∂W_k‖/h, the gradient with respect to the weights the
 *       main flow reads during step k per unit time, so that it does not shrink as N grows (RMS over the batch);</li>
 *   <li>sign diversity of the pre-activations z_k = W_k x_k + b: per unit, min(P, N)/(P + N) over the batch with P
 *       (N) the inputs where it is positive (negative), averaged over units; 0 means every input sits on the same
 *       side (pseudo-linear), ½ is the most diverse;</li>
 *   <li>pre-activation spread: per unit, the standard deviation of z_k over the batch, averaged over units.</li>
 * </ul>
 * Counterexample 4 predicts a flat ‖a‖ while ‖∂L/∂W‖ falls by orders of magnitude once tanh(u + b) saturates.
 *
 * @param times t_k, k = 0..N−1
 * @param stateGradient RMS ‖a_k‖
 * @param parameterGradient RMS ‖∂L/∂W_k‖/h
 * @param signDiversity mean over units of min(P, N)/(P + N)
 * @param preActivationSpread mean over units of std over the batch of z_k
 */
public record NormProfile(double[] times, double[] stateGradient, double[] parameterGradient, double[] signDiversity,
        double[] preActivationSpread) {

    /** Unrolls the network once per input with the same loss. */
    public static NormProfile of(OdeNetwork net, double[][] inputs, Loss loss) {
        int n = net.steps();
        int d = net.width();
        double h = net.horizon() / n;
        double[] t = new double[n];
        double[] state = new double[n];
        double[] param = new double[n];
        double[][][] z = new double[n][d][inputs.length];
        for (int b = 0; b < inputs.length; b++) {
            UnrolledFlow flow = UnrolledFlow.of(net, inputs[b], loss);
            for (int k = 0; k < n; k++) {
                double a = Stats.norm(flow.chain().adjoints()[k]);
                double g = flow.weightGradientNorm(k, k + 1) / h;
                state[k] += a * a;
                param[k] += g * g;
                for (int i = 0; i < d; i++) {
                    z[k][i][b] = flow.preActivations()[k][i];
                }
            }
        }
        double[] diversity = new double[n];
        double[] spread = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k * h;
            state[k] = Math.sqrt(state[k] / inputs.length);
            param[k] = Math.sqrt(param[k] / inputs.length);
            double div = 0.0;
            double sd = 0.0;
            for (int i = 0; i < d; i++) {
                int pos = 0;
                int neg = 0;
                for (double v : z[k][i]) {
                    pos += v > 0 ? 1 : 0;
                    neg += v < 0 ? 1 : 0;
                }
                div += pos + neg == 0 ? 0.0 : Math.min(pos, neg) / (double) (pos + neg);
                sd += Stats.std(z[k][i]);
            }
            diversity[k] = div / d;
            spread[k] = sd / d;
        }
        return new NormProfile(t, state, param, diversity, spread);
    }
}
