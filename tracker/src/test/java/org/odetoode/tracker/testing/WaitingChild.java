package org.odetoode.tracker.testing;

import java.nio.file.Path;
import java.util.Map;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.Tracker;

/**
 * A training process to be killed: logs {@code args[1]} rows and one output line to an offline run under
 * {@code args[0]} with id {@code args[2]}, waits until they are in the run directory, prints {@code ready}, and
 * waits (at most 60 s, so that it never outlives a broken test) for SIGKILL.
 */
public final class WaitingChild {
    private WaitingChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Run run = Tracker.init(TestRuns.offline(Path.of(args[0])).runId(args[2]).build());
        int rows = Integer.parseInt(args[1]);
        for (int i = 0; i < rows; i++) {
            run.log(Map.of("i", i, "loss", 1.0 / (i + 1)));
        }
        run.output("logged " + rows + " rows");
        run.flush();
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
