package org.odetoode.tracker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.odetoode.tracker.Resume;
import org.odetoode.tracker.RunSettings;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.WandbClient;
import org.odetoode.tracker.offline.LineReader;
import org.odetoode.tracker.offline.RunDirectory;

/**
 * Where a resumed run continues: the step after the last one the server holds, and its runtime so far.
 *
 * @param nextStep the first step of this process
 * @param runtime  seconds already run
 */
public record ResumePoint(long nextStep, double runtime) {
    /** A run that starts from nothing. */
    public static final ResumePoint FRESH = new ResumePoint(0, 0);

    private static final Duration MOST_WAIT = Duration.ofSeconds(30);
    private static final int SCAN_BYTES = 16 << 20;

    /**
     * Where the earlier processes of a run, whose run directories are {@code earlier}, stopped: the step after the
     * last row any of them wrote, and the longest runtime. Read from the run directories alone, without the server.
     */
    public static ResumePoint local(List<RunDirectory> earlier) {
        long nextStep = 0;
        double runtime = 0;
        for (RunDirectory dir : earlier) {
            nextStep = Math.max(nextStep, dir.info().startStep());
            long[] lastStep = {-1};
            double[] lastRuntime = {0};
            try {
                LineReader.forEach(dir.file(RunDirectory.HISTORY), SCAN_BYTES, line -> {
                    JsonNode row = Json.MAPPER.readTree(line);
                    lastStep[0] = Math.max(lastStep[0], row.path("_step").asLong(-1));
                    lastRuntime[0] = Math.max(lastRuntime[0], row.path("_runtime").asDouble(0));
                });
            } catch (IOException e) {
                throw new TrackerException(TrackerException.Reason.RUN_DIRECTORY, "cannot read "
                        + dir.file(RunDirectory.HISTORY) + " to resume run " + dir.info().runId() + " ("
                        + e.getMessage() + ")", e);
            }
            nextStep = Math.max(nextStep, lastStep[0] + 1);
            runtime = Math.max(runtime, lastRuntime[0]);
        }
        return new ResumePoint(nextStep, runtime);
    }

    /**
     * Asks the server where the run stopped. Only {@link Resume#MUST} makes a missing run or an unreachable
     * server fatal; otherwise the run starts fresh and says why.
     *
     * @throws TrackerException if the resume policy is {@code must} and the run cannot be found
     */
    public static ResumePoint ask(WandbClient client, RunSettings settings) {
        Duration wait = settings.upload().finishTimeout().compareTo(MOST_WAIT) < 0 ? settings.upload().finishTimeout()
                : MOST_WAIT;
        Deadline deadline = Deadline.after(wait);
        String path = settings.project() + "/" + settings.runId();
        String entity;
        WandbClient.ResumeStatus status;
        try {
            entity = settings.entity().orElseGet(() -> client.viewerEntity(deadline));
            status = client.runResumeStatus(entity, settings.project(), settings.runId(), deadline).orElse(null);
        } catch (TrackerException e) {
            if (settings.resume() == Resume.MUST) {
                throw new TrackerException(e.reason(), "cannot resume run " + path + ": " + e.getMessage(), e);
            }
            System.getLogger(ResumePoint.class.getName()).log(System.Logger.Level.WARNING, "cannot ask the server "
                    + "where run " + path + " stopped (" + e.getMessage() + "): its steps start at 0");
            return FRESH;
        }
        if (status == null) {
            if (settings.resume() == Resume.MUST) {
                throw new TrackerException(TrackerException.Reason.REJECTED, "run " + entity + "/" + path
                        + " does not exist, and WANDB_RESUME=must requires it: check the run id, or use allow");
            }
            return FRESH;
        }
        try {
            JsonNode summary = Json.MAPPER.readTree(status.summaryMetrics() == null ? "{}" : status.summaryMetrics());
            return summary.has("_step")
                    ? new ResumePoint(summary.path("_step").asLong() + 1, summary.path("_runtime").asDouble(0))
                    : new ResumePoint(status.historyLineCount(), 0);
        } catch (IOException e) {
            return new ResumePoint(status.historyLineCount(), 0);
        }
    }
}
