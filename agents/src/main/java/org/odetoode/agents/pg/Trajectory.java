package org.odetoode.agents.pg;

import java.util.Arrays;
import org.odetoode.envs.wrappers.RunningMeanStd;

/**
 * What one environment produced in one iteration, oldest step first: a fixed number of steps (ppo) or one whole
 * episode (reinforce). Grows as needed; filled by one thread, read after the rollout.
 */
public final class Trajectory {
    double[][] observations;
    double[][] samples;
    double[] logProbabilities;
    double[] values;
    double[] rewards;
    boolean[] dones;
    int length;
    /** V(s_T) after the last step (0 when it ended its episode). */
    double nextValue;
    /** Undiscounted returns of the episodes that finished here, in order. */
    double[] finishedReturns = new double[0];
    /** Raw observations seen (null unless the observation filter records), and discounted returns (reward scaling). */
    final RunningMeanStd observationStats;
    final RunningMeanStd returnStats;
    /** One discounted return, as {@link RunningMeanStd#push} takes it, reused every step. */
    private final double[] discountedReturn = new double[1];

    /**
     * @param capacity initial number of steps (it grows)
     * @param dimension observation size
     * @param recordObservations keep statistics of the raw observations
     * @param recordReturns keep statistics of the discounted returns
     */
    public Trajectory(int capacity, int dimension, boolean recordObservations, boolean recordReturns) {
        observationStats = recordObservations ? new RunningMeanStd(dimension) : null;
        returnStats = recordReturns ? new RunningMeanStd(1) : null;
        int c = Math.max(1, capacity);
        observations = new double[c][];
        samples = new double[c][];
        logProbabilities = new double[c];
        values = new double[c];
        rewards = new double[c];
        dones = new boolean[c];
    }

    /** Adds a raw observation to the statistics, if they are kept. */
    public void record(double[] rawObservation) {
        if (observationStats != null) {
            observationStats.push(rawObservation);
        }
    }

    /** Adds a discounted return to the statistics, if they are kept. */
    public void recordReturn(double value) {
        if (returnStats != null) {
            discountedReturn[0] = value;
            returnStats.push(discountedReturn);
        }
    }

    /**
     * Appends a step: the (normalised) observation the policy saw, the sample, log π_old, V_old, the reward as
     * trained on, and whether the step ended its episode.
     */
    public void add(double[] observation, double[] sample, double logProbability, double value, double reward, boolean done) {
        if (length == values.length) {
            int c = 2 * length;
            observations = Arrays.copyOf(observations, c);
            samples = Arrays.copyOf(samples, c);
            logProbabilities = Arrays.copyOf(logProbabilities, c);
            values = Arrays.copyOf(values, c);
            rewards = Arrays.copyOf(rewards, c);
            dones = Arrays.copyOf(dones, c);
        }
        observations[length] = observation;
        samples[length] = sample;
        logProbabilities[length] = logProbability;
        values[length] = value;
        rewards[length] = reward;
        dones[length] = done;
        length++;
    }

    /** Sets V(s_T) after the last step (0 when the last step ended its episode). */
    public void bootstrap(double value) {
        nextValue = value;
    }

    /** Notes a finished episode's undiscounted return. */
    public void finished(double episodeReturn) {
        finishedReturns = Arrays.copyOf(finishedReturns, finishedReturns.length + 1);
        finishedReturns[finishedReturns.length - 1] = episodeReturn;
    }

    /** Steps taken. */
    public int length() {
        return length;
    }

    /** Statistics of the raw observations, or null. */
    public RunningMeanStd observationStats() {
        return observationStats;
    }

    /** Statistics of the discounted returns, or null. */
    public RunningMeanStd returnStats() {
        return returnStats;
    }

    /** Returns of the episodes that finished in this trajectory. */
    public double[] finishedReturns() {
        return finishedReturns;
    }

    /**
     * Flattens trajectories into a batch, environment by environment, with advantages: GAE(γ, λ) when {@code gae}
     * (ppo), else returns-to-go minus the baseline V (reinforce).
     */
    public static Batch batch(Trajectory[] trajectories, double gamma, double lambda, boolean gae) {
        int n = 0;
        for (Trajectory t : trajectories) {
            n += t.length;
        }
        Batch b = new Batch(new double[n][], new double[n][], new double[n], new double[n], new double[n],
                new double[n]);
        int row = 0;
        for (Trajectory t : trajectories) {
            double[] adv = new double[t.length];
            double[] ret = new double[t.length];
            if (gae) {
                Advantages.gae(t.rewards, t.values, t.dones, t.length, t.nextValue, gamma, lambda, adv);
                for (int i = 0; i < t.length; i++) {
                    ret[i] = adv[i] + t.values[i];
                }
            } else {
                Advantages.returnsToGo(t.rewards, t.dones, t.length, t.nextValue, gamma, ret);
                for (int i = 0; i < t.length; i++) {
                    adv[i] = ret[i] - t.values[i];
                }
            }
            System.arraycopy(t.observations, 0, b.observations(), row, t.length);
            System.arraycopy(t.samples, 0, b.samples(), row, t.length);
            System.arraycopy(t.logProbabilities, 0, b.logProbabilities(), row, t.length);
            System.arraycopy(t.values, 0, b.values(), row, t.length);
            System.arraycopy(adv, 0, b.advantages(), row, t.length);
            System.arraycopy(ret, 0, b.returns(), row, t.length);
            row += t.length;
        }
        return b;
    }
}
