package org.odetoode.tracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.odetoode.tracker.offline.RunDirectory;

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

    /**
     * The id of the tracker run last started under {@code rootDir} (in {@code rootDir/wandb/}), if any: what a
     * program resuming its own work passes to {@link RunSettings.Builder#runId} with {@link Resume#ALLOW}, so that
     * the work stays one tracker run, its history continuing at the next step.
     */
    public static Optional<String> lastRunId(Path rootDir) {
        Path folder = rootDir.resolve("wandb");
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        List<RunDirectory> runs = RunDirectory.findBelow(folder);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1).info().runId());
    }

    /** Starts a run configured by the environment ({@code WANDB_*}, {@code ~/.netrc}) and defaults only. */
    public static Run init() {
        return init(RunSettings.builder().build());
    }
}
