package org.odetoode.modules.diagnostics;

import org.hipparchus.linear.RealMatrix;

/**
 * D3, the gradient scale coefficient (Philipp, Song and Carbonell, arXiv 1712.05577; research note §1c and §3).
 *
 * <p>With the flow's last state x_N as Philipp's layer 0 and x_k as the layer N − k steps below it,
 * GSC_k = ‖∂x_N/∂x_k‖_qm · ‖x_k‖ / ‖x_N‖ with ‖A‖_qm = ‖A‖_F/√rows (the quadratic mean of the singular values): a
 * random relative perturbation ε of x_k moves x_N by about GSC_k·ε. An orthogonal linear chain has GSC ≡ 1; a
 * chain exploding at rate r per step has GSC_k ≳ r^{N−k}.
 *
 * <p>The parameter analogue is taken per block of steps, θ_b = the weights W_j the main flow reads in block b:
 * P_b = ‖∂L/∂θ_b‖·‖θ_b‖/|L|. Blocks of equal duration make P_b comparable across N as h → 0.
 *
 * @param blockStarts first step k_b of each block (the last entry is N)
 * @param gsc GSC_{k_b} at each block start
 * @param parameterScale P_b per block (one entry fewer than blockStarts)
 */
public record GradientScale(int[] blockStarts, double[] gsc, double[] parameterScale) {

    /** GSC_k for every k = 0..N of a chain. */
    public static double[] gscToEnd(Chain chain) {
        RealMatrix[] psi = chain.backwardProducts();
        double[][] xs = chain.states();
        double end = Stats.norm(xs[xs.length - 1]);
        double[] g = new double[psi.length];
        for (int k = 0; k < psi.length; k++) {
            double qm = psi[k].getFrobeniusNorm() / Math.sqrt(psi[k].getRowDimension());
            g[k] = qm * Stats.norm(xs[k]) / end;
        }
        return g;
    }

    /** D3 over {@code blocks} blocks of equal length (fewer when N is smaller). */
    public static GradientScale of(UnrolledFlow flow, int blocks) {
        int n = flow.network().steps();
        int b = Math.min(blocks, n);
        int[] starts = new int[b + 1];
        for (int i = 0; i <= b; i++) {
            starts[i] = (int) Math.round((double) i * n / b);
        }
        double[] all = gscToEnd(flow.chain());
        double[] gsc = new double[b + 1];
        double[] param = new double[b];
        double loss = Math.abs(flow.loss());
        for (int i = 0; i <= b; i++) {
            gsc[i] = all[starts[i]];
            if (i < b) {
                param[i] = flow.weightGradientNorm(starts[i], starts[i + 1]) * flow.weightNorm(starts[i], starts[i + 1])
                        / loss;
            }
        }
        return new GradientScale(starts, gsc, param);
    }
}
