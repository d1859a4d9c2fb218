package org.odetoode.envs;

import java.util.HashMap;
import java.util.Map;

/**
 * What {@code reset} and {@code step} return: a caller-owned, reusable holder.
 *
 * <p>{@code observation} has the observation space's size and is overwritten in place. The info map is
 * created on first use, so environments that report nothing allocate nothing.
 */
public final class Transition {
    /** The observation after the step (or after reset). */
    public final double[] observation;
    /** The reward of the step; 0 after reset. */
    public double reward;
    /** The episode ended by the MDP's own rule (a terminal state). */
    public boolean terminated;
    /** The episode was cut short from outside (a time limit). */
    public boolean truncated;
    private Map<String, Object> info;

    public Transition(int observationSize) {
        this.observation = new double[observationSize];
    }

    /** True when the episode is over for either reason. */
    public boolean done() {
        return terminated || truncated;
    }

    /** The info map, created on first call. */
    public Map<String, Object> info() {
        if (info == null) {
            info = new HashMap<>();
        }
        return info;
    }

    /** True when an info map exists and is not empty. */
    public boolean hasInfo() {
        return info != null && !info.isEmpty();
    }

    /** Clears flags, reward and info before an environment writes a new result. */
    public void clear() {
        reward = 0.0;
        terminated = false;
        truncated = false;
        if (info != null) {
            info.clear();
        }
    }

    /** A deep copy. */
    public Transition copy() {
        Transition t = new Transition(observation.length);
        System.arraycopy(observation, 0, t.observation, 0, observation.length);
        t.reward = reward;
        t.terminated = terminated;
        t.truncated = truncated;
        if (hasInfo()) {
            t.info().putAll(info);
        }
        return t;
    }
}
