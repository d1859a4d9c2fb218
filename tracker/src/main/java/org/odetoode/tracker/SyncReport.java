package org.odetoode.tracker;

import java.nio.file.Path;
import org.odetoode.tracker.internal.Uploader;
import org.odetoode.tracker.offline.RunDirectory;

/**
 * What {@link Sync} did with one run directory.
 *
 * @param runDir        the run directory
 * @param runPath       {@code entity/project/id} on the server, or null if never reached
 * @param outcome       what happened
 * @param historyLines  history rows sent by this sync
 * @param outputLines   output lines sent by this sync
 * @param eventsLines   events rows sent by this sync
 * @param filesUploaded files uploaded by this sync
 * @param requests      file_stream requests sent by this sync
 * @param finished      whether the server has the run marked finished
 * @param reason        the kind of failure, or null
 * @param message       the failure, naming the fix, or null
 */
public record SyncReport(Path runDir, String runPath, Outcome outcome, long historyLines, long outputLines,
                         long eventsLines, int filesUploaded, int requests, boolean finished,
                         TrackerException.Reason reason, String message) {

    /** What happened to a run directory. */
    public enum Outcome {
        /** Something was sent and the server now has everything. */
        UPLOADED,
        /** The server already had everything: nothing was sent. */
        UP_TO_DATE,
        /** The upload stopped; what was sent stays recorded, and a later sync continues. */
        FAILED
    }

    static SyncReport of(Path runDir, Uploader uploader, Outcome outcome) {
        return new SyncReport(runDir, uploader.runPath(), outcome,
                uploader.linesSent().get(RunDirectory.HISTORY), uploader.linesSent().get(RunDirectory.OUTPUT),
                uploader.linesSent().get(RunDirectory.EVENTS), uploader.filesUploaded(), uploader.requests(),
                uploader.complete(), null, null);
    }

    static SyncReport failed(Path runDir, Uploader uploader, TrackerException failure) {
        if (uploader == null) {
            return new SyncReport(runDir, null, Outcome.FAILED, 0, 0, 0, 0, 0, false, failure.reason(),
                    failure.getMessage());
        }
        SyncReport sent = of(runDir, uploader, Outcome.FAILED);
        return new SyncReport(runDir, sent.runPath(), Outcome.FAILED, sent.historyLines(), sent.outputLines(),
                sent.eventsLines(), sent.filesUploaded(), sent.requests(), sent.finished(), failure.reason(),
                failure.getMessage());
    }
}
