package org.odetoode.envs.spaces;

import org.odetoode.envs.Rng;

/** A set of actions or observations, as Gymnasium's spaces: flat vectors of doubles. */
public sealed interface Space permits Box, Discrete {

    /** Length of the vectors in this space (1 for {@link Discrete}). */
    int size();

    /** True when {@code x} lies in the space. */
    boolean contains(double[] x);

    /** Draws a uniformly random element (unbounded Box dimensions: standard normal) into {@code out}. */
    void sample(Rng rng, double[] out);

    /** Convenience: {@link #sample(Rng, double[])} into a new array. */
    default double[] sample(Rng rng) {
        double[] out = new double[size()];
        sample(rng, out);
        return out;
    }
}
