package org.odetoode.tracker.testing;

import java.nio.file.Path;
import java.util.Map;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.Tracker;

/**
 * A training process for crash tests: logs rows (about ten a millisecond) to an offline run under {@code args[0]} and prints
 * {@code flushed N} each time the first N rows are safe in the run directory, until it is killed
 * (or, so that it never outlives a broken test, after 60 s).
 */
public final class LoggingChild {
    private LoggingChild() {
    }

    public static void main(String[] args) {
        Run run = Tracker.init(TestRuns.offline(Path.of(args[0])).build());
        long end = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            run.log(Map.of("i", i, "loss", 1.0 / (i + 1), "charts/episodic_return", i * 0.5));
            if ((i + 1) % 10 == 0) {
                pause();
            }
            if ((i + 1) % 1000 == 0) {
                run.output("iteration " + (i + 1));
                run.flush();
                System.out.println("flushed " + (i + 1));
                System.out.flush();
            }
        }
        run.finish(0);
    }

    /** A training step's worth of time, so the run stays a size a test uploads quickly. */
    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
