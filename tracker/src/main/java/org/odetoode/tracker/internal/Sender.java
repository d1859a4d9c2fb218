package org.odetoode.tracker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.http.Deadline;
import org.odetoode.tracker.http.UploadSettings;

/**
 * The live run's background sender: streams the run directory to the server at the paced interval
 * while the run goes on, then, when asked to finish, sends the rest, the files and the exit code.
 * An unreachable server only delays it; a refusal (bad key, bad request) stops it with one message,
 * and the local run goes on.
 */
public final class Sender {
    private final List<Uploader> before;
    private final Uploader uploader;
    private final UploadSettings settings;
    private final String runDir;
    private final Deadline deadline;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private final System.Logger log = System.getLogger(Sender.class.getName());
    private volatile boolean finishing;
    private volatile int exitCode;
    private volatile boolean completed;
    private volatile TrackerException failure;

    /**
     * @param before   the earlier parts of a resumed run, whose rest is uploaded before this run's first line
     * @param uploader this run's
     */
    public Sender(List<Uploader> before, Uploader uploader, UploadSettings settings, String runDir) {
        this.before = new ArrayList<>(before);
        this.uploader = uploader;
        this.settings = settings;
        this.runDir = runDir;
        this.deadline = Deadline.after(settings.retry().maxElapsed());
        this.thread = new Thread(this::loop, "odetoode-tracker-sender");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        boolean connected = false;
        long lastRequestNanos = System.nanoTime();
        while (true) {
            boolean finishingNow = finishing;
            try {
                while (!before.isEmpty()) {
                    before.get(0).connect(deadline);
                    before.get(0).uploadRest(deadline);
                    before.remove(0);
                }
                if (!connected) {
                    uploader.connect(deadline);
                    connected = true;
                }
                if (finishingNow) {
                    uploader.drain(deadline);
                    uploader.uploadFiles(deadline);
                    uploader.complete(exitCode, deadline);
                    completed = true;
                    return;
                }
                if (uploader.sendBatch(deadline)) {
                    lastRequestNanos = System.nanoTime();
                } else if (System.nanoTime() - lastRequestNanos >= settings.heartbeatInterval().toNanos()) {
                    uploader.heartbeat(deadline);
                    lastRequestNanos = System.nanoTime();
                }
            } catch (TrackerException e) {
                if (finishingNow || e.reason() != TrackerException.Reason.UNAVAILABLE) {
                    failure = e;
                    log.log(System.Logger.Level.WARNING, "W&B upload stopped: " + e.getMessage()
                            + ". The run is still recorded in " + runDir + "; upload it later with `odetoode sync "
                            + runDir + "`");
                    return;
                }
            }
            pause(settings.sendInterval());
        }
    }

    private void pause(Duration interval) {
        synchronized (wakeUp) {
            if (!finishing) {
                try {
                    wakeUp.wait(Math.max(1, interval.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    finishing = true;
                }
            }
        }
    }

    /**
     * Sends what is left and the exit code, waiting at most the finish timeout.
     *
     * @return whether the server has the whole run
     */
    public boolean finish(int code) {
        this.exitCode = code;
        synchronized (wakeUp) {
            finishing = true;
            wakeUp.notifyAll();
        }
        deadline.moveTo(settings.finishTimeout());
        try {
            thread.join(settings.finishTimeout().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return completed;
    }

    /** Why the upload stopped, or null. */
    public TrackerException failure() {
        return failure;
    }
}
