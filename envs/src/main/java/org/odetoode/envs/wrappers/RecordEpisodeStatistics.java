package org.odetoode.envs.wrappers;

import org.odetoode.envs.Env;
import org.odetoode.envs.Transition;

/**
 * Adds the return and length of each episode to the info of its last step (terminated or truncated), under
 * {@link #INFO_KEY}, as Gymnasium's {@code RecordEpisodeStatistics}. Wrap it outside the {@link TimeLimit} so
 * truncated episodes are seen.
 */
public final class RecordEpisodeStatistics extends Wrapper {
    /** The info key of the {@link EpisodeStatistics}. */
    public static final String INFO_KEY = "episode";

    private double episodeReturn;
    private int length;
    private long startNanos;
    private EpisodeStatistics last;

    public RecordEpisodeStatistics(Env env) {
        super(env);
    }

    @Override
    protected void afterReset(Transition out) {
        episodeReturn = 0.0;
        length = 0;
        startNanos = System.nanoTime();
    }

    @Override
    public void step(double[] action, Transition out) {
        env.step(action, out);
        episodeReturn += out.reward;
        length++;
        if (out.done()) {
            last = new EpisodeStatistics(episodeReturn, length, (System.nanoTime() - startNanos) * 1e-9);
            out.info().put(INFO_KEY, last);
        }
    }

    /** The most recently finished episode, or null before the first one ends. */
    public EpisodeStatistics lastEpisode() {
        return last;
    }
}
