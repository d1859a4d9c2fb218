package org.odetoode.tracker.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the background sender and {@code sync} talk to the server.
 *
 * @param sendInterval      the least time between two file_stream requests of a live run; everything
 *                          logged meanwhile is merged into the next request
 * @param heartbeatInterval a live run with nothing new still sends an empty request this often, so the
 *                          server keeps it marked as running
 * @param maxRequestBytes   the most bytes in one file_stream request body
 * @param maxLineBytes      a line taking more bytes in a request is not sent (the server would refuse it)
 *                          and is reported; at most {@code maxRequestBytes - FRAMING_BYTES}
 * @param finishTimeout     how long {@code finish} waits for the upload to complete; what is left is
 *                          uploaded by {@code sync}
 * @param retry             retries of each request
 */
public record UploadSettings(Duration sendInterval, Duration heartbeatInterval, int maxRequestBytes,
                             int maxLineBytes, Duration finishTimeout, RetryPolicy retry) {
    /** Bytes of a request body kept for everything but the lines: file names, offsets, brackets. */
    public static final int FRAMING_BYTES = 1024;

    /** W&B core's pacing: one request per 15 s, heartbeat every 30 s, requests up to 10 MiB. */
    public static final UploadSettings DEFAULT = new UploadSettings(Duration.ofSeconds(15), Duration.ofSeconds(30),
            10 << 20, (10 << 20) - (100 << 10), Duration.ofMinutes(2), RetryPolicy.DEFAULT);

    public UploadSettings {
        Objects.requireNonNull(sendInterval, "sendInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(finishTimeout, "finishTimeout");
        Objects.requireNonNull(retry, "retry");
        if (maxLineBytes <= 0 || maxRequestBytes - FRAMING_BYTES < maxLineBytes) {
            throw new IllegalArgumentException("need 0 < maxLineBytes <= maxRequestBytes - " + FRAMING_BYTES
                    + ", got " + maxLineBytes + " and " + maxRequestBytes);
        }
    }

    /** A copy with another send interval. */
    public UploadSettings withSendInterval(Duration interval) {
        return new UploadSettings(interval, heartbeatInterval, maxRequestBytes, maxLineBytes, finishTimeout, retry);
    }

    /** A copy with another finish timeout. */
    public UploadSettings withFinishTimeout(Duration timeout) {
        return new UploadSettings(sendInterval, heartbeatInterval, maxRequestBytes, maxLineBytes, timeout, retry);
    }

    /** A copy with other request limits. */
    public UploadSettings withLimits(int requestBytes, int lineBytes) {
        return new UploadSettings(sendInterval, heartbeatInterval, requestBytes, lineBytes, finishTimeout, retry);
    }

    /** A copy with another retry policy. */
    public UploadSettings withRetry(RetryPolicy policy) {
        return new UploadSettings(sendInterval, heartbeatInterval, maxRequestBytes, maxLineBytes, finishTimeout, policy);
    }
}
