package org.odetoode.agents.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import org.odetoode.agents.MetricsSink;

/**
 * A metrics sink that clocks a training run's iterations. From one metrics call to the next is one whole iteration:
 * ask, rollouts, tell, the new centre's weight flow and drift metric (and an evaluation, in the iterations that run
 * one). Iterations after the first {@code warmup} are the steady state; for them it keeps each iteration's rate in
 * env steps per wall second and per CPU second of the training thread (which, with one rollout thread, runs the whole
 * iteration). The warm-up is timed as a whole, by both clocks, from this sink's creation.
 */
public final class IterationRates implements MetricsSink {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final int warmup;
    private final long created = System.nanoTime();
    private final long createdCpu = CPU.getCurrentThreadCpuTime();
    private double[] wallRates = new double[16];
    private double[] cpuRates = new double[16];
    private int count;
    private long lastSteps;
    private long lastWall = created;
    private long lastCpu = createdCpu;
    private double warmupSeconds = Double.NaN;
    private double warmupCpuSeconds = Double.NaN;
    private long warmupSteps;

    /** Clocks a run whose first {@code warmup} iterations are not steady state; create it just before the run. */
    public IterationRates(int warmup) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up iterations must be 0 or more, not " + warmup);
        }
        this.warmup = warmup;
        if (warmup == 0) {
            warmupSeconds = 0.0;
            warmupCpuSeconds = 0.0;
        }
    }

    @Override
    public void log(long step, Map<String, Double> metrics) {
        long wall = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        long steps = metrics.get("charts/env_steps").longValue();
        if (step > warmup) {
            if (count == wallRates.length) {
                wallRates = Arrays.copyOf(wallRates, 2 * count);
                cpuRates = Arrays.copyOf(cpuRates, 2 * count);
            }
            wallRates[count] = (steps - lastSteps) / ((wall - lastWall) * 1e-9);
            cpuRates[count] = (steps - lastSteps) / ((cpu - lastCpu) * 1e-9);
            count++;
        } else if (step == warmup) {
            warmupSeconds = (wall - created) * 1e-9;
            warmupCpuSeconds = (cpu - createdCpu) * 1e-9;
            warmupSteps = steps;
        }
        lastSteps = steps;
        lastWall = wall;
        lastCpu = cpu;
    }

    /** Env steps per wall second of each steady-state iteration, in iteration order. */
    public double[] wallRates() {
        return Arrays.copyOf(wallRates, count);
    }

    /** Env steps per CPU second of the training thread in each steady-state iteration, in iteration order. */
    public double[] cpuRates() {
        return Arrays.copyOf(cpuRates, count);
    }

    /** Wall seconds from this sink's creation to the end of the last warm-up iteration; NaN before it ends. */
    public double warmupSeconds() {
        return warmupSeconds;
    }

    /** CPU seconds of the training thread over the same span as {@link #warmupSeconds()}. */
    public double warmupCpuSeconds() {
        return warmupCpuSeconds;
    }

    /** Env steps of the warm-up iterations. */
    public long warmupSteps() {
        return warmupSteps;
    }
}
