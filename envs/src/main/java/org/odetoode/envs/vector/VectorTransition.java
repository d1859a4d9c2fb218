package org.odetoode.envs.vector;

/**
 * What {@link SyncVectorEnv} writes each reset and step: flat, caller-owned arrays, reused across steps.
 *
 * <p>Copy {@code i}'s observation occupies {@code observations[i * observationSize .. (i + 1) * observationSize)}.
 * Where {@code terminated[i] || truncated[i]}, the copy has already been reset (same-step autoreset):
 * {@code observations} holds the first observation of its next episode and {@code finalObservations} the last
 * observation of the episode that ended; elsewhere {@code finalObservations} is left unchanged.
 */
public final class VectorTransition {
    public final int numEnvs;
    public final int observationSize;
    public final double[] observations;
    public final double[] finalObservations;
    public final double[] rewards;
    public final boolean[] terminated;
    public final boolean[] truncated;

    public VectorTransition(int numEnvs, int observationSize) {
        if (numEnvs < 1 || observationSize < 1) {
            throw new IllegalArgumentException("VectorTransition needs numEnvs >= 1 and observationSize >= 1, got "
                    + numEnvs + " and " + observationSize);
        }
        this.numEnvs = numEnvs;
        this.observationSize = observationSize;
        this.observations = new double[numEnvs * observationSize];
        this.finalObservations = new double[numEnvs * observationSize];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
    }

    /** True when copy {@code i}'s episode ended at this step (and the copy was reset). */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
