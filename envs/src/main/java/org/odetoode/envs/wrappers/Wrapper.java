package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Space;

/**
 * An environment around another one, forwarding everything; subclasses change one aspect, as Gymnasium's
 * {@code Wrapper}.
 *
 * <p>Both reset forms forward and then call {@link #afterReset(Transition)}, so a wrapper that keeps per-episode
 * state overrides that one hook rather than both resets.
 */
public abstract class Wrapper implements Env {
    /** The wrapped environment. */
    protected final Env env;

    protected Wrapper(Env env) {
        if (env == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs an environment to wrap, got null");
        }
        this.env = env;
    }

    /** Called after the wrapped environment reset into {@code out}; the default does nothing. */
    protected void afterReset(Transition out) {
    }

    /** The environment this wrapper wraps directly. */
    public Env inner() {
        return env;
    }

    @Override
    public Env unwrapped() {
        return env.unwrapped();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public void reset(long seed, Transition out) {
        env.reset(seed, out);
        afterReset(out);
    }

    @Override
    public void reset(Transition out) {
        env.reset(out);
        afterReset(out);
    }

    @Override
    public void step(double[] action, Transition out) {
        env.step(action, out);
    }

    @Override
    public double[] getState() {
        return env.getState();
    }

    @Override
    public void setState(double[] state) {
        env.setState(state);
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
