package org.odetoode.tracker.testing;

import java.nio.file.Path;
import java.util.Map;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.Tracker;

/** A program that logs {@code args[1]} rows to an offline run under {@code args[0]} and exits without finish. */
public final class UnfinishedChild {
    private UnfinishedChild() {
    }

    public static void main(String[] args) {
        Run run = Tracker.init(TestRuns.offline(Path.of(args[0])).build());
        int rows = Integer.parseInt(args[1]);
        for (int i = 0; i < rows; i++) {
            run.log(Map.of("i", i));
        }
    }
}
