package org.odetoode.agents.pg;

import org.odetoode.envs.Rng;

/**
 * The stochastic policy on top of a network's raw output, CleanRL's two heads: a {@link Categorical} over logits for
 * a Discrete action space, a {@link DiagonalGaussian} with a state-independent learned log σ for a Box.
 *
 * <p>A <em>sample</em> is what the log-probability is of: the action index, or the unsquashed Gaussian draw u. The
 * environment receives {@link #toAction} of it (the index, or u through the policy's Box head). The distribution's
 * own parameters (log σ) sit in the flat parameter vector θ at an offset the caller passes; stateless otherwise, so
 * one instance serves every thread.
 */
public sealed interface ActionDistribution permits Categorical, DiagonalGaussian {

    /** Values per sample: 1 for an index, the action dimension for a Gaussian draw. */
    int sampleSize();

    /** Number of own parameters in θ (0, or one log σ per action dimension). */
    int parameterCount();

    /** Writes the initial own parameters into {@code theta[off..]}. */
    void initialize(double[] theta, int off);

    /** Draws a sample for the network output {@code out} into {@code sample}. */
    void sample(double[] out, double[] theta, int off, Rng rng, double[] sample);

    /** log π(sample | out). */
    double logProbability(double[] out, double[] theta, int off, double[] sample);

    /** The entropy of π(· | out). */
    double entropy(double[] out, double[] theta, int off);

    /**
     * Reverse mode: adds {@code a}·∂logπ(sample)/∂x + {@code b}·∂H/∂x into {@code dOut} (x = the network output) and
     * into {@code gTheta[off..]} (x = the own parameters).
     */
    void backward(double[] out, double[] theta, int off, double[] sample, double a, double b, double[] dOut,
            double[] gTheta);

    /** The environment action for {@code sample}. */
    void toAction(double[] sample, double[] action);
}
