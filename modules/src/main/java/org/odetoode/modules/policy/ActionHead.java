package org.odetoode.modules.policy;

/**
 * Turns a network's raw output into an action. modules knows nothing of environments, so heads are built from plain
 * numbers: {@link DiscreteHead} from the number of actions, {@link BoxHead} from the bounds.
 */
public sealed interface ActionHead permits DiscreteHead, BoxHead {

    /** Size of the raw network output the head reads. */
    int outputSize();

    /** Size of the action it writes (1 for a discrete index). */
    int actionSize();

    /** Writes the deterministic action for {@code output} into {@code action}. */
    void act(double[] output, double[] action);
}
