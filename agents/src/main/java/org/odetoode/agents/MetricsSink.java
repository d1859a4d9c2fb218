package org.odetoode.agents;

import java.util.Map;

/**
 * Where a training run sends its metrics; the agents module knows no tracker (experiments adapts this to one).
 * Called from the training thread only, once per iteration, in iteration order.
 *
 * <p>Keys follow CleanRL: {@code charts/…} (returns, env steps, speed), {@code eval/…}, {@code losses/…},
 * {@code diagnostics/…}.
 */
public interface MetricsSink {

    /** A sink that drops everything. */
    MetricsSink NONE = (step, metrics) -> {
    };

    /** One iteration's metrics; {@code step} is the iteration number (1-based). */
    void log(long step, Map<String, Double> metrics);

    /** Final values of the run (e.g. the final evaluation return). */
    default void summary(Map<String, Object> values) {
    }
}
