package org.odetoode.modules.diagnostics;

import java.util.function.DoubleUnaryOperator;
import org.odetoode.modules.net.Network;

/**
 * D5, a loss slice V(s) = L(θ₀ + s·u) on a uniform grid of s (research note §3; Ribeiro et al., AISTATS 2020): the
 * values, the finite-difference slope and curvature, and the count of strict interior local minima of the sampled
 * curve. Contracting systems give bounded slopes; chaotic ones slopes growing like e^{λN}; counterexample 3 slopes
 * growing with T and ≈ T/2π minima over ψ ∈ [1, 2].
 *
 * @param s the grid
 * @param values V(s)
 * @param slopes central differences (one-sided at the ends)
 * @param curvatures second differences (copied from the neighbour at the ends)
 * @param localMinima number of i with V(s_i) below both neighbours
 * @param maxAbsSlope max |slope|
 */
public record LossSlice(double[] s, double[] values, double[] slopes, double[] curvatures, int localMinima,
        double maxAbsSlope) {

    /** The uniform grid from {@code from} to {@code to} with {@code points} ≥ 3 points. */
    public static double[] grid(double from, double to, int points) {
        if (points < 3) {
            throw new IllegalArgumentException("A loss slice needs at least 3 points, got " + points);
        }
        double[] s = new double[points];
        for (int i = 0; i < points; i++) {
            s[i] = from + (to - from) * i / (points - 1);
        }
        return s;
    }

    /** Samples V on the grid and summarises it. */
    public static LossSlice of(double[] s, DoubleUnaryOperator v) {
        int n = s.length;
        double[] val = new double[n];
        for (int i = 0; i < n; i++) {
            val[i] = v.applyAsDouble(s[i]);
        }
        double ds = s[1] - s[0];
        double[] slope = new double[n];
        double[] curv = new double[n];
        int minima = 0;
        double maxSlope = 0.0;
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - 1);
            int hi = Math.min(n - 1, i + 1);
            slope[i] = (val[hi] - val[lo]) / ((hi - lo) * ds);
            int c = Math.min(Math.max(i, 1), n - 2);
            curv[i] = (val[c + 1] - 2 * val[c] + val[c - 1]) / (ds * ds);
            if (i > 0 && i < n - 1 && val[i] < val[i - 1] && val[i] < val[i + 1]) {
                minima++;
            }
            maxSlope = Math.max(maxSlope, Math.abs(slope[i]));
        }
        return new LossSlice(s.clone(), val, slope, curv, minima, maxSlope);
    }

    /**
     * V(s) = L(net(θ₀ + s·u; inputs)) averaged over the inputs, with θ₀ the network's current parameters (restored
     * afterwards). Parameters where the flow diverges give NaN.
     */
    public static LossSlice along(Network net, double[][] inputs, Loss loss, double[] direction, double[] s) {
        double[] theta0 = net.parameters();
        double[] p = new double[theta0.length];
        double[] out = new double[net.outputSize()];
        try {
            return of(s, x -> {
                for (int i = 0; i < p.length; i++) {
                    p[i] = theta0[i] + x * direction[i];
                }
                try {
                    net.setParameters(p);
                } catch (ArithmeticException diverged) {
                    return Double.NaN;
                }
                double sum = 0.0;
                for (double[] in : inputs) {
                    net.forward(in, out);
                    sum += loss.value(out);
                }
                return sum / inputs.length;
            });
        } finally {
            net.setParameters(theta0);
        }
    }
}
