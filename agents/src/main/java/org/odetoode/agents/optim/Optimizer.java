package org.odetoode.agents.optim;

import java.util.Locale;

/**
 * A first-order optimiser that ascends: given the parameters and an ascent direction (the estimated gradient of the
 * return, weight decay already applied), it returns new parameters and state. Pure: the inputs are not modified.
 */
public sealed interface Optimizer permits Adam, Sgd {

    /** The config spelling of an optimiser. */
    enum Kind {
        ADAM, SGD;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The state before the first step for {@code dimension} parameters. */
    OptimizerState init(int dimension);

    /** One step. */
    Step step(OptimizerState state, double[] parameters, double[] ascent);

    /** New parameters and optimiser state. */
    record Step(double[] parameters, OptimizerState state) {
    }
}
