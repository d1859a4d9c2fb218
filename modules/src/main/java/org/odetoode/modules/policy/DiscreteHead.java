package org.odetoode.modules.policy;

/**
 * A Discrete(n) action from n logits: the argmax for acting (ties to the lowest index), and the softmax
 * probabilities and log-probability gradient for policy gradient.
 *
 * @param n number of actions
 */
public record DiscreteHead(int n) implements ActionHead {

    public DiscreteHead {
        if (n < 1) {
            throw new IllegalArgumentException("a discrete head needs n >= 1 actions, got " + n);
        }
    }

    @Override
    public int outputSize() {
        return n;
    }

    @Override
    public int actionSize() {
        return 1;
    }

    @Override
    public void act(double[] logits, double[] action) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        action[0] = best;
    }

    /** probs = softmax(logits), computed stably (shifted by the max logit). */
    public void probabilities(double[] logits, double[] probs) {
        double max = max(logits);
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            probs[i] = Math.exp(logits[i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < n; i++) {
            probs[i] /= sum;
        }
    }

    /** log softmax(logits)[a]. */
    public double logProbability(double[] logits, int a) {
        double max = max(logits);
        return logits[a] - max - Math.log(shiftedExpSum(logits, max));
    }

    /** Every log softmax(logits)[i] into {@code out}, each as {@link #logProbability} computes it, in one pass. */
    public void logProbabilities(double[] logits, double[] out) {
        double max = max(logits);
        double logSum = Math.log(shiftedExpSum(logits, max));
        for (int i = 0; i < n; i++) {
            out[i] = logits[i] - max - logSum;
        }
    }

    /** d log softmax(logits)[a] / d logits = onehot(a) − probs, written into {@code grad}. */
    public void logProbabilityGradient(double[] logits, int a, double[] grad) {
        probabilities(logits, grad);
        for (int i = 0; i < n; i++) {
            grad[i] = (i == a ? 1.0 : 0.0) - grad[i];
        }
    }

    private double max(double[] logits) {
        double max = logits[0];
        for (int i = 1; i < n; i++) {
            max = Math.max(max, logits[i]);
        }
        return max;
    }

    /** Σ exp(logits[i] − max), in index order. */
    private double shiftedExpSum(double[] logits, double max) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[i] - max);
        }
        return sum;
    }
}
