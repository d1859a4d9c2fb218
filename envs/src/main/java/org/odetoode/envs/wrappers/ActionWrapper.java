package org.odetoode.envs.wrappers;

import java.util.Arrays;
import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;

/**
 * A wrapper that maps each action before the wrapped environment sees it, into a scratch array it owns
 * (no allocation per step). The wrapped environment must have a Box action space.
 */
public abstract class ActionWrapper extends Wrapper {
    /** The wrapped environment's action space. */
    protected final Box innerActionSpace;
    private final double[] mapped;

    protected ActionWrapper(Env env) {
        super(env);
        if (!(env.actionSpace() instanceof Box box)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs a Box action space, but "
                    + env.id() + " has " + env.actionSpace());
        }
        this.innerActionSpace = box;
        this.mapped = new double[box.size()];
    }

    /** An array of {@code n} copies of {@code v}, for bounds. */
    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Writes the action the wrapped environment should see; both arrays have the action size. */
    protected abstract void map(double[] action, double[] out);

    @Override
    public void step(double[] action, Transition out) {
        if (action == null || action.length != mapped.length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " on " + env.id() + ": expected an action"
                    + " of " + mapped.length + " values, got " + (action == null ? "null" : action.length));
        }
        map(action, mapped);
        env.step(mapped, out);
    }
}
