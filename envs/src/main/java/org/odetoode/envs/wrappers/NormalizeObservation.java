package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;
import org.odetoode.envs.spaces.Box;
import org.odetoode.envs.spaces.Space;

/**
 * Centres and scales each observation dimension by running statistics, as Gymnasium's
 * {@code NormalizeObservation}: {@code (obs - mean) / sqrt(var + epsilon)}, rounded to float32.
 *
 * <p>While not frozen, every observation (after reset and after each step) is first added to the statistics,
 * then normalised. {@link #freeze()} keeps the statistics fixed, e.g. for evaluation or for ES workers that
 * normalise with the master's statistics (load them with {@link RunningMeanStd#set}) and record their own
 * observations separately for the master to {@link RunningMeanStd#merge}. The observation space becomes
 * unbounded float32.
 */
public final class NormalizeObservation extends Wrapper {
    /** Gymnasium's default epsilon. */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final RunningMeanStd statistics;
    private final double epsilon;
    private final Box observationSpace;
    private boolean frozen;

    /** Fresh statistics, epsilon 1e-8, updating. */
    public NormalizeObservation(Env env) {
        this(env, new RunningMeanStd(env.observationSpace().size()), DEFAULT_EPSILON);
    }

    /**
     * @param statistics the statistics to use and update, live (not copied)
     * @param epsilon added to the variance under the square root, > 0
     */
    public NormalizeObservation(Env env, RunningMeanStd statistics, double epsilon) {
        super(env);
        int n = env.observationSpace().size();
        if (statistics.dimension() != n) {
            throw new IllegalArgumentException("NormalizeObservation on " + env.id() + ": the statistics have dimension "
                    + statistics.dimension() + " but observations have " + n);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("NormalizeObservation epsilon must be > 0, got " + epsilon);
        }
        this.statistics = statistics;
        this.epsilon = epsilon;
        this.observationSpace = Box.uniform(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, n);
    }

    @Override
    public Space observationSpace() {
        return observationSpace;
    }

    @Override
    protected void afterReset(Transition out) {
        normalize(out.observation);
    }

    @Override
    public void step(double[] action, Transition out) {
        env.step(action, out);
        normalize(out.observation);
    }

    private void normalize(double[] obs) {
        if (!frozen) {
            statistics.push(obs);
        }
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) ((obs[i] - statistics.mean(i)) / Math.sqrt(statistics.variance(i) + epsilon));
        }
    }

    /** The live statistics. */
    public RunningMeanStd statistics() {
        return statistics;
    }

    /** Stops updating the statistics; observations are still normalised. */
    public void freeze() {
        frozen = true;
    }

    /** Resumes updating the statistics. */
    public void unfreeze() {
        frozen = false;
    }

    public boolean isFrozen() {
        return frozen;
    }
}
