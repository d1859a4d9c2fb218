package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;

/**
 * Truncates episodes after a number of steps, as Gymnasium's {@code TimeLimit}: the step that brings the count
 * to the limit reports {@code truncated}, which may coincide with {@code terminated}. Resets restart the count;
 * {@link #setState} does not.
 */
public final class TimeLimit extends Wrapper {
    private final int maxEpisodeSteps;
    private int elapsedSteps;

    /** @param maxEpisodeSteps steps per episode, at least 1 */
    public TimeLimit(Env env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("TimeLimit on " + env.id() + " needs maxEpisodeSteps >= 1, got "
                    + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    protected void afterReset(Transition out) {
        elapsedSteps = 0;
    }

    @Override
    public void step(double[] action, Transition out) {
        env.step(action, out);
        if (++elapsedSteps >= maxEpisodeSteps) {
            out.truncated = true;
        }
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsedSteps;
    }
}
