package org.odetoode.modules.grad;

import java.util.Random;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Gradients;
import org.odetoode.modules.net.Network;

/**
 * Checks a network's reverse-mode gradient against finite differences, for the scalar loss L = c·out(obs) with a
 * random direction c.
 *
 * <p>Differences use the fourth-order central stencil (8[L(θ+ε) − L(θ−ε)] − [L(θ+2ε) − L(θ−2ε)]) / 12ε, whose
 * truncation error O(ε⁴) stays far below the 1e-6 tolerance at ε = 1e-4. The error of entry i is
 * |g_i − n_i| / max(|g_i|, |n_i|, 1e-4·max_j |n_j|): relative, with a floor at 1e-4 of the largest entry so that
 * entries far below the gradient's scale (where both values are rounding noise) do not dominate.
 */
public final class GradientCheck {
    private static final double EPS = 1e-4;
    private static final double FLOOR = 1e-4;

    private GradientCheck() {
    }

    /**
     * The result of a check.
     *
     * @param maxRelativeError the largest per-entry error as defined above
     * @param worstIndex the flat index where it occurred
     * @param worstBlock the name of that parameter's block
     * @param checked how many parameters were checked
     */
    public record Result(double maxRelativeError, int worstIndex, String worstBlock, int checked) {
    }

    /** Random direction c, seeded. */
    public static double[] direction(int size, long seed) {
        Random rng = new Random(seed);
        double[] c = new double[size];
        for (int i = 0; i < size; i++) {
            c[i] = rng.nextGaussian();
        }
        return c;
    }

    /** L = c·out(obs) at the network's current parameters. */
    public static double loss(Network net, double[] obs, double[] c) {
        double[] out = new double[net.outputSize()];
        net.forward(obs, out);
        double s = 0.0;
        for (int i = 0; i < out.length; i++) {
            s += c[i] * out[i];
        }
        return s;
    }

    /**
     * The indices to check: all of them when there are at most {@code limit}, otherwise every block's first and last
     * entry plus a seeded uniform sample up to {@code limit}.
     */
    public static int[] indices(Network net, int limit, long seed) {
        int n = net.parameterCount();
        if (n <= limit) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
        for (ParameterBlock b : net.parameterBlocks()) {
            chosen.add(b.offset());
            chosen.add(b.offset() + b.length() - 1);
        }
        Random rng = new Random(seed);
        while (chosen.size() < limit) {
            chosen.add(rng.nextInt(n));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Finite-difference derivatives of L at the given indices; restores the parameters afterwards. */
    public static double[] finiteDifferences(Network net, double[] obs, double[] c, int[] indices) {
        double[] theta = net.parameters();
        double[] p = theta.clone();
        double[] fd = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            double e = EPS * Math.max(1.0, Math.abs(theta[i]));
            double[] l = new double[4];
            double[] offsets = {e, -e, 2 * e, -2 * e};
            for (int s = 0; s < 4; s++) {
                p[i] = theta[i] + offsets[s];
                net.setParameters(p);
                l[s] = loss(net, obs, c);
            }
            p[i] = theta[i];
            fd[k] = (8.0 * (l[0] - l[1]) - (l[2] - l[3])) / (12.0 * e);
        }
        net.setParameters(theta);
        return fd;
    }

    /** Runs the check on the given indices. */
    public static Result check(Network net, double[] obs, double[] c, int[] indices) {
        Gradients g = net.gradient(obs, c);
        double[] fd = finiteDifferences(net, obs, c, indices);
        double[] analytic = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            analytic[k] = g.parameters()[indices[k]];
        }
        return compare(net, indices, analytic, fd);
    }

    /** Per-entry errors of {@code analytic} against the reference {@code reference}, as defined in the class doc. */
    public static Result compare(Network net, int[] indices, double[] analytic, double[] reference) {
        double scale = 0.0;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0.0;
        int worstIndex = indices.length == 0 ? -1 : indices[0];
        for (int k = 0; k < indices.length; k++) {
            double denom = Math.max(Math.max(Math.abs(analytic[k]), Math.abs(reference[k])), FLOOR * scale);
            double err = denom == 0.0 ? 0.0 : Math.abs(analytic[k] - reference[k]) / denom;
            if (!(err <= worst)) {
                worst = err;
                worstIndex = indices[k];
            }
        }
        String block = worstIndex >= 0 ? net.blockOf(worstIndex).name() : "";
        return new Result(worst, worstIndex, block, indices.length);
    }
}
