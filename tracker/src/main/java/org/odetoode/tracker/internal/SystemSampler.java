package org.odetoode.tracker.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples machine and JVM load into {@code wandb-events.jsonl}, which W&B charts as system metrics.
 * Runs on its own daemon thread; one sample costs microseconds every interval.
 */
public final class SystemSampler implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final RunWriter writer;
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private SystemSampler(RunWriter writer, Duration interval) {
        this.writer = writer;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "odetoode-tracker-system-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::sample, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts sampling every {@code interval}. */
    public static SystemSampler start(RunWriter writer, Duration interval) {
        return new SystemSampler(writer, interval);
    }

    /** One sample under the official client's keys; {@code load_average} and {@code jvm.*} are the JVM's own. */
    private void sample() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            double processLoad = hotspot.getProcessCpuLoad();
            if (processLoad >= 0) {
                // the process's share of all cores, in percent, as the official client's "cpu"
                metrics.put("cpu", 100 * processLoad);
            }
            long total = hotspot.getTotalMemorySize();
            if (total > 0) {
                metrics.put("memory_percent", 100.0 * (total - hotspot.getFreeMemorySize()) / total);
            }
        }
        metrics.put("proc.cpu.threads", threads.getThreadCount());
        metrics.put("load_average", os.getSystemLoadAverage());
        metrics.put("jvm.heap_used_mb", memory.getHeapMemoryUsage().getUsed() / 1e6);
        try {
            writer.event(metrics, System.nanoTime(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            // a finished or failed writer: sampling has nothing left to do
            timer.shutdown();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
