package org.odetoode.agents.optim;

/**
 * An optimiser's state between steps: the step count and its moment vectors (Adam: first and second moments;
 * SGD: the velocity). Treated as immutable: a step returns a new state.
 */
public record OptimizerState(long steps, double[][] moments) {

    /** A deep copy. */
    public OptimizerState copy() {
        double[][] m = new double[moments.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = moments[i].clone();
        }
        return new OptimizerState(steps, m);
    }
}
