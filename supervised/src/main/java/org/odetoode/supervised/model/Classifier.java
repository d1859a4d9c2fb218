package org.odetoode.supervised.model;

import java.util.Map;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.Policies;

/**
 * An image classifier: a linear embedding of the pixels into the width-d state, a block of the policy family (the
 * ODE flows run N Euler steps of width d), a linear head to one logit per class, and a softmax. The embedding and the
 * head are the network's own input and output projections ({@code in.W}, {@code out.W}), so every policy of
 * {@link Policies} is a classifier body as it is a policy body, and the whole classifier has the network's exact
 * reverse mode.
 */
public final class Classifier {
    private final Network network;
    private final double[] logits;
    private double[] loaded;


    public Classifier(Network network) {
        this.network = network;
        this.logits = new double[network.outputSize()];

    }

    /**
     * The classifier with policy {@code policy}'s block, its hyperparameters {@code options} (as
     * {@link Policies#network}), {@code pixels} inputs and {@code classes} outputs, at its initial parameters.
     */
    public static Classifier of(String policy, int pixels, int classes, Map<String, String> options) {
        return new Classifier(Policies.network(policy, pixels, classes, options));
    }

    public Network network() {
        return network;
    }

    /** Sets the parameters θ (kept, not copied: the caller must not modify the array afterwards). */
    public void load(double[] theta) {
        network.setParameters(theta);
        loaded = theta;
    }

    /** The array last passed to {@link #load}, or null. */
    public double[] loaded() {
        return loaded;
    }

    /** An independent classifier with the same parameters (for another thread). */
    public Classifier copy() {
        return new Classifier(network.copy());
    }

    /** The most probable class of {@code image} (the first of ties). */
    public int predict(double[] image) {
        network.forward(image, logits);
        return argmax(logits);
    }

    /**
     * Softmax cross-entropy of one example times {@code weight}: returns weight · (−log p_label) and writes its
     * gradient with respect to the logits, weight · (p − onehot(label)), into {@code dLogits}.
     */
    public static double crossEntropy(double[] logits, int label, double weight, double[] dLogits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0.0;
        for (int i = 0; i < logits.length; i++) {
            dLogits[i] = Math.exp(logits[i] - max);
            sum += dLogits[i];
        }
        for (int i = 0; i < logits.length; i++) {
            dLogits[i] = weight * (dLogits[i] / sum - (i == label ? 1.0 : 0.0));
        }
        return weight * (Math.log(sum) + max - logits[label]);
    }

    /**
     * Adds the rows {@code [from, to)} of a minibatch to a gradient: their loss Σ weight · (−log p) to the returned
     * {@link Rows}, and their dL/dθ to {@code gp} and the network's shared adjoint ({@link Network#accumulateRows});
     * {@link Network#finishGradient} then completes the minibatch's gradient. The network must hold θ.
     */
    public Rows accumulate(double[][] images, int[] labels, int[] rows, int from, int to, double weight, double[] gp,
            double[] shared) {
        int n = to - from;
        double[][] in = new double[n][];
        double[][] dOut = new double[n][network.outputSize()];
        double loss = 0.0;
        int correct = 0;
        for (int k = 0; k < n; k++) {
            int r = rows[from + k];
            in[k] = images[r];
            network.forward(in[k], logits);
            loss += crossEntropy(logits, labels[r], weight, dOut[k]);
            correct += argmax(logits) == labels[r] ? 1 : 0;
        }
        network.accumulateRows(in, dOut, 0, n, gp, shared);
        return new Rows(loss, correct);
    }

    /** The loss summed over some rows and how many of them were classified right. */
    public record Rows(double loss, int correct) {
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }

}
