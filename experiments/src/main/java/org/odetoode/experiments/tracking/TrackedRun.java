package org.odetoode.experiments.tracking;

import java.nio.file.Path;
import java.util.Map;
import org.odetoode.agents.MetricsSink;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.TrainResult;
import org.odetoode.tracker.Mode;
import org.odetoode.tracker.Resume;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.RunSettings;
import org.odetoode.tracker.Tracker;

/**
 * The tracker side of one training run, shared by {@code train} and the cells of {@code suite run}: a tracker run
 * inside the run directory (none when tracking is disabled), the sink that feeds it, and its exit code at the end.
 */
public final class TrackedRun {
    /** The exit code the tracker records for a run stopped by Ctrl-C or SIGTERM (checkpoint written): 128 + SIGINT. */
    public static final int EXIT_STOPPED = 130;
    /** The exit code the tracker records for a run that threw. */
    public static final int EXIT_FAILED = 1;

    private final Run run;

    private TrackedRun(Run run) {
        this.run = run;
    }

    /**
     * The settings of a tracker run of {@code config} in the run directory {@code dir}, named after it, whose mode is
     * {@code track} (online, offline or disabled) or, when null, resolved as wandb does (WANDB_MODE, then online if a
     * key is configured, else offline). The run is finished by {@link #finish}, never by the tracker's own exit hook,
     * so that it cannot close the run under the training loop's last rows. A {@code resumed} run continues the run
     * directory's last tracker run (same id, history at the next step), as wandb's resume="allow". Callers may add
     * labels (group, tags).
     */
    public static RunSettings.Builder settings(TrainConfig config, Path dir, String track, boolean resumed) {
        return settings(config.toMap(), dir, track, resumed);
    }

    /** As {@link #settings(TrainConfig, Path, String, boolean)} for a run of another trainer, whose config is {@code config}. */
    public static RunSettings.Builder settings(Map<String, Object> config, Path dir, String track, boolean resumed) {
        RunSettings.Builder settings = RunSettings.builder().rootDir(dir).name(dir.getFileName().toString())
                .config(config).closeOnExit(false);
        if (track != null) {
            settings.mode(Mode.parse(track, "--track"));
        }
        if (resumed) {
            Tracker.lastRunId(dir).ifPresent(id -> settings.runId(id).resume(Resume.ALLOW));
        }
        return settings;
    }

    /** Starts the tracker run of {@code settings}; a disabled mode starts none. */
    public static TrackedRun start(RunSettings.Builder settings) {
        RunSettings resolved = settings.build();
        return new TrackedRun(resolved.mode() == Mode.DISABLED ? null : Tracker.init(resolved));
    }

    /** {@code local} (progress output) and then the tracker run, if any. */
    public MetricsSink sink(MetricsSink local) {
        if (run == null) {
            return local;
        }
        TrackerSink tracker = new TrackerSink(run);
        return new MetricsSink() {
            @Override
            public void log(long step, Map<String, Double> metrics) {
                local.log(step, metrics);
                tracker.log(step, metrics);
            }

            @Override
            public void summary(Map<String, Object> values) {
                local.summary(values);
                tracker.summary(values);
            }
        };
    }

    /** Finishes the tracker run as the result says: 0 for a completed run, {@link #EXIT_STOPPED} for a stopped one. */
    public void finish(TrainResult result) {
        finish(result.status() == TrainResult.Status.COMPLETED ? 0 : EXIT_STOPPED);
    }

    /** Finishes the tracker run with {@code exitCode}; nothing when tracking is disabled. */
    public void finish(int exitCode) {
        if (run != null) {
            run.finish(exitCode);
        }
    }

    /**
     * Finishes the tracker run of a run that threw {@code failure} with {@link #EXIT_FAILED}; a second failure while
     * finishing is added to {@code failure} as suppressed, so that the first one is what the caller reports.
     */
    public void fail(Throwable failure) {
        try {
            finish(EXIT_FAILED);
        } catch (RuntimeException again) {
            failure.addSuppressed(again);
        }
    }
}
