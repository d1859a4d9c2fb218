package org.odetoode.tracker.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.odetoode.tracker.ApiKey;
import org.odetoode.tracker.Mode;
import org.odetoode.tracker.RunSettings;
import org.odetoode.tracker.SyncSettings;
import org.odetoode.tracker.http.RetryPolicy;
import org.odetoode.tracker.http.UploadSettings;

/** Settings for tests: fast pacing and retries, an empty environment, no real home folder. */
public final class TestRuns {
    /** The key the fake server accepts. */
    public static final String KEY = "0123456789abcdef0123456789abcdef01234567";
    public static final String ENTITY = "tester";
    public static final String PROJECT = "odetoode-test";

    /** Pacing in milliseconds, small requests so that a run takes many, retries within a minute. */
    public static final UploadSettings FAST = new UploadSettings(Duration.ofMillis(20), Duration.ofSeconds(1),
            16 * 1024, 8 * 1024, Duration.ofSeconds(60),
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(250), Duration.ofMinutes(1), Duration.ofSeconds(5)));

    private TestRuns() {
    }

    /** An online run against {@code baseUrl}, its directories under {@code root}. */
    public static RunSettings.Builder online(String baseUrl, Path root) {
        return RunSettings.builder().environment(Map.of()).homeDir(root).rootDir(root).mode(Mode.ONLINE)
                .apiKey(ApiKey.of(KEY)).baseUrl(baseUrl).project(PROJECT).upload(FAST);
    }

    /** An offline run under {@code root}. */
    public static RunSettings.Builder offline(Path root) {
        return RunSettings.builder().environment(Map.of()).homeDir(root).rootDir(root).mode(Mode.OFFLINE)
                .baseUrl("http://127.0.0.1:9").project(PROJECT);
    }

    /** Sync against {@code baseUrl} with the test key. */
    public static SyncSettings.Builder sync(String baseUrl, Path home) {
        return SyncSettings.builder().environment(Map.of()).homeDir(home).apiKey(ApiKey.of(KEY)).baseUrl(baseUrl)
                .upload(FAST).timeout(Duration.ofSeconds(60));
    }

    /** A loopback port free right now, for a server that starts later. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
