package org.odetoode.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odetoode.tracker.ApiKey;
import org.odetoode.tracker.TrackerException;
import org.odetoode.tracker.testing.TestRuns;

/** The client against a scripted loopback server: what it retries, what it does not, where the key goes. */
class WandbClientTest {
    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMinutes(1), Duration.ofSeconds(5));

    private final MockWebServer server = new MockWebServer();
    private WandbClient client;

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = new WandbClient(URI.create("http://127.0.0.1:" + server.getPort()), ApiKey.of(TestRuns.KEY), QUICK);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void postOnce() {
        client.fileStream("e", "p", "r", "{\"files\":{}}".getBytes(StandardCharsets.UTF_8), Deadline.after(Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 413})
    void refusalsAreNotRetried(int code) {
        server.enqueue(new MockResponse.Builder().code(code).body("no").build());
        server.enqueue(new MockResponse.Builder().code(200).build());
        TrackerException e = assertThrows(TrackerException.class, this::postOnce);
        assertEquals(code == 401 || code == 403 ? TrackerException.Reason.AUTH_REJECTED : TrackerException.Reason.REJECTED,
                e.reason());
        assertTrue(e.getMessage().contains("HTTP " + code), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedHonouringRetryAfter() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        long start = System.nanoTime();
        postOnce();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(4, server.getRequestCount());
        assertTrue(elapsedMillis >= 1000, "Retry-After: 1 was not honoured: " + elapsedMillis + " ms");
        RecordedRequest first = server.takeRequest();
        assertEquals("/files/e/p/r/file_stream", first.getUrl().encodedPath());
        assertEquals(okhttp3.Credentials.basic("api", TestRuns.KEY), first.getHeaders().get("Authorization"));
    }

    @Test
    void retriesEndAtTheDeadlineWithTheLastFailureNamed() {
        for (int i = 0; i < 100; i++) {
            server.enqueue(new MockResponse.Builder().code(502).body("upstream down").build());
        }
        TrackerException e = assertThrows(TrackerException.class, () -> client.fileStream("e", "p", "r",
                new byte[0], Deadline.after(Duration.ofMillis(300))));
        assertEquals(TrackerException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("gave up on file_stream") && e.getMessage().contains("HTTP 502"),
                e.getMessage());
        assertTrue(server.getRequestCount() >= 2 && server.getRequestCount() < 100, "attempts: " + server.getRequestCount());
    }

    @Test
    void graphqlErrorsAreRefusalsWithTheServersMessage() {
        server.enqueue(new MockResponse.Builder().code(200)
                .body("{\"errors\":[{\"message\":\"project not found\"}],\"data\":null}").build());
        TrackerException e = assertThrows(TrackerException.class,
                () -> client.viewerEntity(Deadline.after(Duration.ofSeconds(5))));
        assertEquals(TrackerException.Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().contains("Viewer") && e.getMessage().contains("project not found"), e.getMessage());
    }

    @Test
    void theKeyIsNotSentToAnUploadUrlOnAnotherHost(@TempDir Path dir) throws Exception {
        try (MockWebServer storage = new MockWebServer()) {
            storage.start(InetAddress.getByName("127.0.0.1"), 0);
            String uploadUrl = "http://localhost:" + storage.getPort() + "/bucket/config.json?sig=x";
            server.enqueue(new MockResponse.Builder().code(200).body("{\"data\":{\"createRunFiles\":{\"runID\":\"r\","
                    + "\"uploadHeaders\":[\"X-Goog-Meta: 1\"],\"files\":[{\"name\":\"config.json\",\"uploadUrl\":\""
                    + uploadUrl + "\"}]}}}").build());
            storage.enqueue(new MockResponse.Builder().code(200).build());
            Deadline deadline = Deadline.after(Duration.ofSeconds(5));
            List<WandbClient.UploadTarget> targets = client.createRunFiles("e", "p", "r", List.of("config.json"), deadline);
            client.upload(targets.get(0), Files.writeString(dir.resolve("config.json"), "{}"), deadline);

            RecordedRequest put = storage.takeRequest();
            assertEquals("PUT", put.getMethod());
            assertNull(put.getHeaders().get("Authorization"));
            assertEquals("1", put.getHeaders().get("X-Goog-Meta"));
            assertEquals("{}", put.getBody().utf8());
            assertFalse(server.takeRequest().getBody().utf8().contains(TestRuns.KEY));
        }
    }
}
