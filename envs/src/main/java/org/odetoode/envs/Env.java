package org.odetoode.envs;

import org.odetoode.envs.spaces.Space;

/**
 * The Gymnasium environment contract in Java.
 *
 * <p>An episode starts with {@link #reset(long, Transition)} and advances with {@link #step(double[], Transition)}.
 * Both write into a caller-owned {@link Transition} so that the hot path allocates nothing; the
 * convenience forms {@link #reset(long)} and {@link #step(double[])} return a fresh copy.
 *
 * <p>Actions are {@code double[]} for every space: a {@link org.odetoode.envs.spaces.Discrete} action is
 * one element holding the integral index; a {@link org.odetoode.envs.spaces.Box} action has the box's length.
 * Observations are {@code double[]}; where the reference casts to float32 the values are float32-rounded.
 *
 * <p>Seeding: {@code reset(seed)} reseeds the environment's own {@link Rng}, so the same seed gives the same
 * episode on every machine and thread count. {@link #reset(Transition)} continues from the current RNG state,
 * as Gymnasium's {@code reset()} without a seed does.
 */
public interface Env extends AutoCloseable {

    /** The space every observation lies in. */
    Space observationSpace();

    /** The space actions are taken from. */
    Space actionSpace();

    /** Reseeds the RNG, starts a new episode and writes the first observation and info into {@code out}. */
    void reset(long seed, Transition out);

    /** Starts a new episode from the current RNG state. */
    void reset(Transition out);

    /**
     * Advances one step. Writes the observation, reward, terminated and truncated flags and info into {@code out}.
     *
     * @throws IllegalArgumentException if the action is not in the action space and the reference does not clip it
     */
    void step(double[] action, Transition out);

    /** The environment's full internal state (positions, velocities, ...), a copy. */
    double[] getState();

    /** Replaces the internal state; the next step starts from it. */
    void setState(double[] state);

    /** The id this environment was made from, e.g. {@code CartPole-v1}. */
    String id();

    /** The innermost environment under any wrappers; an environment that wraps nothing returns itself. */
    default Env unwrapped() {
        return this;
    }

    /** Convenience: {@link #reset(long, Transition)} into a fresh transition. */
    default Transition reset(long seed) {
        Transition t = new Transition(observationSpace().size());
        reset(seed, t);
        return t;
    }

    /** Convenience: {@link #step(double[], Transition)} into a fresh transition. */
    default Transition step(double[] action) {
        Transition t = new Transition(observationSpace().size());
        step(action, t);
        return t;
    }

    /** Releases native resources, if any. The default does nothing. */
    @Override
    default void close() {
    }
}
