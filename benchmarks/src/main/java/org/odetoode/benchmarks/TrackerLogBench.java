package org.odetoode.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.odetoode.tracker.ApiKey;
import org.odetoode.tracker.Mode;
import org.odetoode.tracker.Run;
import org.odetoode.tracker.RunSettings;
import org.odetoode.tracker.Tracker;
import org.odetoode.tracker.http.UploadSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code Run.log} of a 20-key map on the training thread (issue 4: at most 5 µs on average).
 *
 * <ul>
 *   <li>{@code baseline}: copying the map, the least any recording API must do.</li>
 *   <li>{@code log}: log back to back. Each call encodes the row into the history file's buffer on this
 *       thread; every 20 ms a background flusher hands the buffer to the operating system, and a full
 *       buffer is written by the caller (amortised over about a hundred rows).</li>
 * </ul>
 *
 * <p>Offline writes the run directory only; online also streams it, here to a closed loopback port, so
 * the sender keeps retrying in the background while the run logs. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar TrackerLogBench}
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrackerLogBench {
    @Param({"OFFLINE", "ONLINE"})
    public String mode;

    private Path root;
    private Run run;
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private long iteration;

    @Setup(Level.Trial)
    public void start() throws IOException {
        root = Files.createTempDirectory("tracker-bench");
        for (int k = 0; k < 20; k++) {
            metrics.put("charts/metric_" + k, k * 0.5);
        }
        RunSettings.Builder settings = RunSettings.builder().environment(Map.of()).homeDir(root).rootDir(root)
                .project("bench").mode(Mode.valueOf(mode));
        if ("ONLINE".equals(mode)) {
            settings.apiKey(ApiKey.of("0".repeat(40))).baseUrl("http://127.0.0.1:9")
                    .upload(UploadSettings.DEFAULT.withFinishTimeout(Duration.ofSeconds(1)));
        }
        run = Tracker.init(settings.build());
    }

    @Benchmark
    public Map<String, Object> baseline() {
        metrics.put("charts/metric_0", (double) iteration++);
        return new LinkedHashMap<>(metrics);
    }

    @Benchmark
    public void log() {
        metrics.put("charts/metric_0", (double) iteration++);
        run.log(metrics);
    }

    @TearDown(Level.Trial)
    public void finish() throws IOException {
        run.finish(0);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
