package org.odetoode.supervised.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.odetoode.modules.ParameterBlock;
import org.odetoode.modules.net.Network;
import org.odetoode.modules.policy.Policies;

/**
 * An image classifier: an embedding of the pixels into the width-d state, a block of the policy family (the ODE flows
 * run N Euler steps of width d), a linear head to one logit per class, and a softmax. The embedding is the network's
 * own input projection ({@code in.W}) from the pixels, or from the features of a {@link ConvStem} in front of it; the
 * head is its output projection ({@code out.W}). So every policy of {@link Policies} is a classifier body as it is a
 * policy body, and the whole classifier has an exact reverse mode: the network's, then the stem's.
 *
 * <p>Parameter layout: the network's parameters, then the stem's.
 */
public final class Classifier {
    private final Network network;
    /** The conv front, or null when {@code in.W} reads the pixels. */
    private final ConvStem stem;
    private final int networkCount;
    private final double[] logits;
    private final double[] features;
    private final ConvStem.Trace trace;
    /** One trace per row of the largest chunk so far, for the stem's reverse pass. */
    private ConvStem.Trace[] traces = new ConvStem.Trace[0];
    private double[] loaded;

    /**
     * @param stem the conv front, or null for a linear embedding of the pixels
     * @param theta the parameters to start from (kept, not copied)
     */
    private Classifier(Network network, ConvStem stem, double[] theta) {
        this.network = network;
        this.stem = stem;
        this.networkCount = network.parameterCount();
        this.logits = new double[network.outputSize()];
        this.features = stem == null ? null : new double[stem.outputSize()];
        this.trace = stem == null ? null : stem.trace();
        load(theta);
    }

    /**
     * The classifier with policy {@code policy}'s block, its hyperparameters {@code options} (as
     * {@link Policies#network}), {@code pixels} inputs, {@code classes} outputs and a linear embedding, at its initial
     * parameters.
     */
    public static Classifier of(String policy, int pixels, int classes, Map<String, String> options) {
        Network net = Policies.network(policy, pixels, classes, options);
        return new Classifier(net, null, net.parameters());
    }

    /**
     * As {@link #of(String, int, int, Map)} with a {@link ConvStem} of {@code convChannels} channels per layer in
     * front of the network, for square images of {@code pixels} pixels; the stem's weights are drawn from
     * {@code seed}.
     */
    public static Classifier withConvStem(String policy, int pixels, int classes, Map<String, String> options,
            int[] convChannels, long seed) {
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalArgumentException("the conv embedding needs square images; these have " + pixels
                    + " pixels");
        }
        ConvStem stem = new ConvStem(side, convChannels);
        Network net = Policies.network(policy, stem.outputSize(), classes, options);
        double[] theta = new double[net.parameterCount() + stem.parameterCount()];
        System.arraycopy(net.parameters(), 0, theta, 0, net.parameterCount());
        stem.initialize(new Random(seed), theta, net.parameterCount());
        return new Classifier(net, stem, theta);
    }

    /** The block, with the embedding into it and the head. */
    public Network network() {
        return network;
    }

    /** Number of parameters: the network's and the stem's. */
    public int parameterCount() {
        return networkCount + (stem == null ? 0 : stem.parameterCount());
    }

    /** Named slices of the parameter vector: the network's, then the stem's. */
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>(network.parameterBlocks());
        if (stem != null) {
            blocks.addAll(stem.parameterBlocks(networkCount));
        }
        return blocks;
    }

    /** A copy of the parameters now. */
    public double[] parameters() {
        return loaded.clone();
    }

    /** Sets the parameters θ (kept, not copied: the caller must not modify the array afterwards). */
    public void load(double[] theta) {
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException("expected " + parameterCount() + " parameters, got " + theta.length);
        }
        network.setParameters(stem == null ? theta : Arrays.copyOf(theta, networkCount));
        loaded = theta;
    }

    /** The array last passed to {@link #load}. */
    public double[] loaded() {
        return loaded;
    }

    /** An independent classifier with the same parameters (for another thread). */
    public Classifier copy() {
        return new Classifier(network.copy(), stem == null ? null : stem.copy(), loaded);
    }

    /** The most probable class of {@code image} (the first of ties). */
    public int predict(double[] image) {
        logits(image, logits);
        return argmax(logits);
    }

    /** Writes the logits of {@code image} into {@code out}. */
    public void logits(double[] image, double[] out) {
        network.forward(embed(image, trace, features), out);
    }

    /** The network's input for {@code image}: the image itself, or the stem's features written into {@code out}. */
    private double[] embed(double[] image, ConvStem.Trace t, double[] out) {
        if (stem == null) {
            return image;
        }
        stem.forward(loaded, networkCount, image, t, out);
        return out;
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
     * {@link Rows}, and their dL/dθ to {@code gp} ({@link #parameterCount()} entries) and the network's shared adjoint
     * ({@link Network#accumulateRows}); {@link Network#finishGradient} then completes the minibatch's gradient.
     */
    public Rows accumulate(double[][] images, int[] labels, int[] rows, int from, int to, double weight, double[] gp,
            double[] shared) {
        int n = to - from;
        if (stem != null && traces.length < n) {
            traces = new ConvStem.Trace[n];
            for (int k = 0; k < n; k++) {
                traces[k] = stem.trace();
            }
        }
        double[][] in = new double[n][];
        double[][] dOut = new double[n][network.outputSize()];
        double loss = 0.0;
        int correct = 0;
        for (int k = 0; k < n; k++) {
            int r = rows[from + k];
            in[k] = embed(images[r], stem == null ? null : traces[k], stem == null ? null : new double[features.length]);
            network.forward(in[k], logits);
            loss += crossEntropy(logits, labels[r], weight, dOut[k]);
            correct += argmax(logits) == labels[r] ? 1 : 0;
        }
        if (stem == null) {
            network.accumulateRows(in, dOut, 0, n, gp, shared);
        } else {
            double[][] dIn = new double[n][features.length];
            network.accumulateRows(in, dOut, 0, n, gp, shared, dIn);
            for (int k = 0; k < n; k++) {
                stem.backward(loaded, networkCount, traces[k], dIn[k], gp);
            }
        }
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
