package org.odetoode.envs.wrappers;

/**
 * One finished episode, as {@link RecordEpisodeStatistics} reports it under the info key {@code "episode"}
 * (Gymnasium's {@code r}, {@code l}, {@code t}).
 *
 * @param episodeReturn the undiscounted sum of rewards
 * @param length the number of steps
 * @param seconds wall-clock time from reset to the last step
 */
public record EpisodeStatistics(double episodeReturn, int length, double seconds) {
}
