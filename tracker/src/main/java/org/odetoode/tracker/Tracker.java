package org.odetoode.tracker;

/**
 * Starts runs. A typical training loop:
 *
 * <pre>{@code
 * try (Run run = Tracker.init(RunSettings.builder().project("hopper").config(Map.of("lr", 0.01)).build())) {
 *     for (int i = 0; i < iterations; i++) {
 *         run.log(Map.of("charts/episodic_return", ret, "losses/loss", loss));
 *     }
 * }
 * }</pre>
 */
public final class Tracker {
    private Tracker() {
    }

    /**
     * Starts a run: creates its run directory (unless disabled) and, online, its background sender.
     * Never waits on the network.
     *
     * @throws TrackerException {@link TrackerException.Reason#IO} if the run directory cannot be created
     */
    public static Run init(RunSettings settings) {
        return Run.start(settings);
    }

    /** Starts a run configured by the environment ({@code WANDB_*}, {@code ~/.netrc}) and defaults only. */
    public static Run init() {
        return init(RunSettings.builder().build());
    }
}
