package org.odetoode.agents.pg;

import org.odetoode.envs.Rng;
import org.odetoode.modules.policy.DiscreteHead;

/** π(a | logits) = softmax(logits)[a] over a Discrete(n) action space; no own parameters. */
public record Categorical(DiscreteHead head) implements ActionDistribution {

    @Override
    public int sampleSize() {
        return 1;
    }

    @Override
    public int parameterCount() {
        return 0;
    }

    @Override
    public void initialize(double[] theta, int off) {
    }

    /** Inverse CDF of one uniform draw; a NaN logit (a diverging run, caught by the trainer) gives the last action. */
    @Override
    public void sample(double[] out, double[] theta, int off, Rng rng, double[] sample) {
        int n = head.n();
        double[] p = new double[n];
        head.probabilities(out, p);
        double u = rng.nextDouble();
        int a = 0;
        double cumulative = p[0];
        while (a < n - 1 && !(u < cumulative)) {
            a++;
            cumulative += p[a];
        }
        sample[0] = a;
    }

    @Override
    public double logProbability(double[] out, double[] theta, int off, double[] sample) {
        return head.logProbability(out, (int) sample[0]);
    }

    /** H = −Σ p log p, with log p from the stable log-softmax. */
    @Override
    public double entropy(double[] out, double[] theta, int off) {
        double[] logp = new double[head.n()];
        head.logProbabilities(out, logp);
        return entropy(logp);
    }

    private static double entropy(double[] logp) {
        double h = 0.0;
        for (double l : logp) {
            h -= Math.exp(l) * l;
        }
        return h;
    }

    /** ∂logπ(a)/∂z = onehot(a) − p; ∂H/∂z_j = −p_j (log p_j + H). */
    @Override
    public void backward(double[] out, double[] theta, int off, double[] sample, double a, double b, double[] dOut,
            double[] gTheta) {
        int n = head.n();
        double[] g = new double[n];
        head.logProbabilityGradient(out, (int) sample[0], g);
        double[] logp = new double[n];
        double h = 0.0;
        if (b != 0.0) {
            head.logProbabilities(out, logp);
            h = entropy(logp);
        }
        for (int j = 0; j < n; j++) {
            dOut[j] += a * g[j];
            if (b != 0.0) {
                dOut[j] -= b * Math.exp(logp[j]) * (logp[j] + h);
            }
        }
    }

    @Override
    public void toAction(double[] sample, double[] action) {
        action[0] = sample[0];
    }
}
