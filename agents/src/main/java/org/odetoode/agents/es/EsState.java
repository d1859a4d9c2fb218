package org.odetoode.agents.es;

import org.odetoode.agents.optim.OptimizerState;

/**
 * A strategy's state between iterations, treated as immutable: {@link Strategy#tell} returns a new one.
 *
 * @param parameters the centre θ of the search distribution
 * @param optimizer the optimiser's state
 * @param generation number of completed tell calls
 * @param bestFitness the best return of any candidate so far (−∞ before the first; NaN never becomes best)
 * @param bestParameters the candidate that scored {@code bestFitness}, or θ before the first tell
 */
public record EsState(double[] parameters, OptimizerState optimizer, long generation, double bestFitness,
        double[] bestParameters) {
}
