package org.odetoode.experiments.tracking;

import java.util.Map;
import org.odetoode.agents.MetricsSink;
import org.odetoode.tracker.Run;

/**
 * Sends a training run's metrics to a tracker {@link Run}: each iteration becomes one history row at step =
 * iteration (so a resumed run continues the same x axis), and the summary values become run summary entries.
 * The caller owns the run and finishes it.
 */
public final class TrackerSink implements MetricsSink {
    private final Run run;

    public TrackerSink(Run run) {
        this.run = run;
    }

    @Override
    public void log(long step, Map<String, Double> metrics) {
        run.log(metrics, step);
    }

    @Override
    public void summary(Map<String, Object> values) {
        values.forEach(run::summary);
    }
}
