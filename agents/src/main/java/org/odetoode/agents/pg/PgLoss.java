package org.odetoode.agents.pg;

import org.odetoode.modules.net.Network;

/**
 * PPO's clipped objective with its value and entropy terms (Schulman et al. 2017, eq. 7 and 9, as CleanRL writes
 * it), over a minibatch of m rows with ratio r = π(a|s)/π_old(a|s) and normalised advantage A:
 *
 * <pre>
 *   L = 1/m Σ_rows [ max(−A r, −A clip(r, 1 − ε, 1 + ε))
 *                    + c_v · ½ max((V − R)², (V_old + clip(V − V_old, −ε, ε) − R)²)    (clip-vloss; else ½ (V − R)²)
 *                    − c_e · H(π(·|s)) ]
 * </pre>
 *
 * At θ = θ_old every ratio is 1, nothing is clipped and ∇L's policy part is the score-function estimator
 * −1/m Σ A ∇log π: REINFORCE with a baseline is this loss, one step per batch, with ε = ∞.
 *
 * <p>The gradient is exact reverse mode: per row, ∂L/∂(network output) and ∂L/∂V, then each network's
 * {@link Network#accumulateRows} over the rows. A minibatch is split into chunks (rows [from, to)), each computed by
 * {@link #chunk} into its own vector of {@link #gradientSize} values; the caller sums the chunks in chunk order and
 * calls {@link #finish} once, which runs the policy's shared reverse pass (the weight flow) for the whole minibatch.
 * The result then does not depend on which thread ran which chunk.
 */
public final class PgLoss {
    private PgLoss() {
    }

    /**
     * The loss's coefficients.
     *
     * @param clipCoef ε (+∞: no clipping)
     * @param clipVloss clip the value loss around V_old
     * @param entCoef c_e
     * @param vfCoef c_v
     */
    public record Coefficients(double clipCoef, boolean clipVloss, double entCoef, double vfCoef) {
    }

    /** Sums over rows of the loss terms and PPO's diagnostics (divide by the row count for means). */
    public static final class Terms {
        public double policy;
        public double value;
        public double entropy;
        /** Σ (r − 1) − log r, Schulman's low-variance KL estimator. */
        public double approxKl;
        /** Σ −log r. */
        public double oldApproxKl;
        /** Rows with |r − 1| > ε. */
        public long clipped;
        public long rows;

        /** Adds {@code other}'s sums into these. */
        public void add(Terms other) {
            policy += other.policy;
            value += other.value;
            entropy += other.entropy;
            approxKl += other.approxKl;
            oldApproxKl += other.oldApproxKl;
            clipped += other.clipped;
            rows += other.rows;
        }

        /** The loss L of these rows with the given coefficients, as a mean. */
        public double loss(Coefficients c) {
            return (policy + c.vfCoef() * value - c.entCoef() * entropy) / rows;
        }
    }

    /**
     * The advantages of rows {@code order[from .. from + size)} at their positions in {@code order}, normalised over
     * the minibatch if asked (mean 0, std 1 with the n − 1 estimator, + 1e-8, as CleanRL).
     */
    public static double[] advantages(Batch batch, int[] order, int from, int size, boolean normalise) {
        double[] a = new double[order.length];
        double mean = 0.0;
        for (int i = from; i < from + size; i++) {
            a[i] = batch.advantages()[order[i]];
            mean += a[i];
        }
        if (!normalise) {
            return a;
        }
        mean /= size;
        double var = 0.0;
        for (int i = from; i < from + size; i++) {
            var += (a[i] - mean) * (a[i] - mean);
        }
        double std = size > 1 ? Math.sqrt(var / (size - 1)) : 0.0;
        for (int i = from; i < from + size; i++) {
            a[i] = (a[i] - mean) / (std + 1e-8);
        }
        return a;
    }

    /** Length of a chunk's gradient vector: θ's, then the policy network's shared adjoint. */
    public static int gradientSize(ActorCritic model) {
        return model.parameterCount() + model.policyNetwork().sharedAdjointSize();
    }

    /**
     * ∂L/∂θ from the sum {@code g} of a minibatch's chunk vectors: runs the policy network's shared reverse pass once.
     * The model must hold the θ the chunks were computed at.
     */
    public static double[] finish(ActorCritic model, double[] g) {
        int p = model.parameterCount();
        double[] grad = java.util.Arrays.copyOf(g, p);
        Network policy = model.policyNetwork();
        double[] shared = java.util.Arrays.copyOfRange(g, p, g.length);
        double[] flow = new double[policy.parameterCount()];
        policy.finishGradient(shared, flow);
        for (int i = 0; i < flow.length; i++) {
            grad[i] += flow[i];
        }
        return grad;
    }

    /**
     * Adds to {@code g} ({@link #gradientSize} values) the share of ∂L/∂θ of rows {@code rows[from..to)} of a minibatch of {@code m} rows, and their
     * terms to {@code terms}. {@code advantages[i]} is the (normalised) advantage of row {@code rows[i]}. The model
     * must hold the θ the gradient is taken at.
     */
    public static void chunk(ActorCritic model, Batch batch, int[] rows, double[] advantages, int from, int to,
            int m, Coefficients c, double[] g, Terms terms) {
        int n = to - from;
        Network policy = model.policyNetwork();
        ActionDistribution dist = model.distribution();
        double[] theta = model.theta();
        int off = model.distributionOffset();
        double eps = c.clipCoef();
        double[][] in = new double[n][];
        double[][] dOut = new double[n][policy.outputSize()];
        double[][] dValue = new double[n][1];
        double[] out = new double[policy.outputSize()];
        for (int k = 0; k < n; k++) {
            int b = rows[from + k];
            in[k] = batch.observations()[b];
            double[] sample = batch.samples()[b];
            policy.forward(in[k], out);
            double logRatio = dist.logProbability(out, theta, off, sample) - batch.logProbabilities()[b];
            double ratio = Math.exp(logRatio);
            double a = advantages[from + k];
            double unclipped = -a * ratio;
            double clipped = -a * Math.max(1.0 - eps, Math.min(1.0 + eps, ratio));
            terms.policy += Math.max(unclipped, clipped);
            terms.entropy += dist.entropy(out, theta, off);
            terms.approxKl += ratio - 1.0 - logRatio;
            terms.oldApproxKl -= logRatio;
            terms.clipped += Math.abs(ratio - 1.0) > eps ? 1 : 0;
            // d/dlogπ of the max: through the unclipped term (−A r) unless the clipped one is larger, where it is flat.
            double dLogP = unclipped >= clipped ? -a * ratio : 0.0;
            dist.backward(out, theta, off, sample, dLogP / m, -c.entCoef() / m, dOut[k], g);

            double v = model.value(in[k]);
            double target = batch.returns()[b];
            double du = v - target;
            double vLoss = du * du;
            double dv = du;
            if (c.clipVloss()) {
                double old = batch.values()[b];
                double vc = old + Math.max(-eps, Math.min(eps, v - old));
                double dc = vc - target;
                if (dc * dc > vLoss) {
                    // Larger only where V left [V_old − ε, V_old + ε] (inside, vc = V): there the term is flat in V.
                    vLoss = dc * dc;
                    dv = 0.0;
                }
            }
            terms.value += 0.5 * vLoss;
            dValue[k][0] = c.vfCoef() * dv / m;
        }
        terms.rows += n;
        double[] gp = new double[policy.parameterCount()];
        double[] shared = new double[policy.sharedAdjointSize()];
        policy.accumulateRows(in, dOut, 0, n, gp, shared);
        for (int i = 0; i < gp.length; i++) {
            g[i] += gp[i];
        }
        int so = model.parameterCount();
        for (int i = 0; i < shared.length; i++) {
            g[so + i] += shared[i];
        }
        Network value = model.valueNetwork();
        double[] gv = new double[value.parameterCount()];
        value.accumulateGradient(in, dValue, 0, n, gv);
        int vo = model.valueOffset();
        for (int i = 0; i < gv.length; i++) {
            g[vo + i] += gv[i];
        }
    }
}
