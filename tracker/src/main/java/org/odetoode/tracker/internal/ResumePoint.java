package org.odetoode.tracker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.odetoode.tracker.Resume;
import org.odetoode.tracker.RunSettings;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.WandbClient;

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
