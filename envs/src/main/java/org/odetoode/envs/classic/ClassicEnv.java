package org.odetoode.envs.classic;

import java.util.Arrays;
import org.odetoode.envs.Env;
import org.odetoode.envs.Rng;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Space;

/**
 * What the classic-control ports share: the id, the two spaces, the RNG, the reset/seed plumbing, state
 * checks and action checks. Subclasses keep their state in fields and implement {@code step} themselves, so
 * the hot path is one final method with no allocation.
 */
abstract class ClassicEnv implements Env {
    private final String id;
    private final Space observationSpace;
    private final Space actionSpace;
    private final String[] stateNames;
    private final Rng rng = new Rng(0);
    private boolean ready;

    ClassicEnv(String id, Space observationSpace, Space actionSpace, String... stateNames) {
        this.id = id;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
        this.stateNames = stateNames;
    }

    /** Draws the initial state from the reference's distribution. */
    abstract void sampleInitialState(Rng rng);

    /** Writes the observation of the current state. */
    abstract void observe(double[] observation);

    /** Sets the state fields from {@code state}, whose length has been checked. */
    abstract void loadState(double[] state);

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Space observationSpace() {
        return observationSpace;
    }

    @Override
    public final Space actionSpace() {
        return actionSpace;
    }

    @Override
    public final void reset(long seed, Transition out) {
        rng.reseed(seed);
        reset(out);
    }

    @Override
    public final void reset(Transition out) {
        out.clear();
        sampleInitialState(rng);
        ready = true;
        observe(out.observation);
    }

    @Override
    public final void setState(double[] state) {
        if (state == null || state.length != stateNames.length) {
            throw new IllegalArgumentException(id + ": the state has " + stateNames.length + " values "
                    + Arrays.toString(stateNames) + ", got " + (state == null ? "null" : Arrays.toString(state)));
        }
        loadState(state);
        ready = true;
    }

    /** Checks that a state exists and clears {@code out}; every {@code step} calls it first. */
    final void startStep(Transition out) {
        if (!ready) {
            throw new IllegalStateException(id + ": step was called before reset; call reset(seed) or setState(...)"
                    + " first");
        }
        out.clear();
    }

    /** The index of a Discrete action, checked: one integral value in {@code [0, n)}. */
    final int discreteAction(double[] action, int n) {
        if (action != null && action.length == 1) {
            double a = action[0];
            int index = (int) a;
            if (index == a && index >= 0 && index < n) {
                return index;
            }
        }
        throw new IllegalArgumentException(id + ": action " + (action == null ? "null" : Arrays.toString(action))
                + " is not in the action space " + actionSpace + "; expected one integral index in 0.." + (n - 1));
    }

    /** The single value of a one-dimensional Box action, checked for length; the port clips as its reference does. */
    final double boxAction(double[] action) {
        if (action == null || action.length != 1) {
            throw new IllegalArgumentException(id + ": action " + (action == null ? "null" : Arrays.toString(action))
                    + " does not fit the action space " + actionSpace + "; expected 1 value");
        }
        return action[0];
    }

    @Override
    public String toString() {
        return id;
    }
}
