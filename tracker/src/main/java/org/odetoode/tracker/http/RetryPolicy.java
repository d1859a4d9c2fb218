package org.odetoode.tracker.http;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How failed requests are retried: exponential backoff with jitter between {@code initialBackoff} and
 * {@code maxBackoff}, a server's {@code Retry-After} honoured as given, and no retry once
 * {@code maxElapsed} has passed since the first attempt. Only 429, 5xx and network errors are retried.
 *
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff     the longest wait between two attempts that this policy chooses
 * @param maxElapsed     how long to keep trying one request in all
 * @param attemptTimeout how long one attempt may take (connect, send and read)
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxElapsed, Duration attemptTimeout) {

    /** W&B core's values: 2 s doubling to 60 s, for up to 7 days, 180 s an attempt. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofDays(7), Duration.ofSeconds(180));

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxElapsed, "maxElapsed");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 < initialBackoff <= maxBackoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be positive, got " + attemptTimeout);
        }
    }

    /**
     * The wait before attempt {@code failures + 1}: {@code initialBackoff * 2^(failures-1)} capped at
     * {@code maxBackoff}, of which a random half is dropped so that many clients do not retry in step.
     *
     * @param failures how many attempts have failed so far, at least 1
     */
    public Duration backoff(int failures, RandomGenerator random) {
        long ceiling = maxBackoff.toMillis();
        long base = initialBackoff.toMillis() << Math.min(failures - 1, 30);
        long capped = base <= 0 || base > ceiling ? ceiling : base;
        return Duration.ofMillis(capped / 2 + random.nextLong(capped / 2 + 1));
    }
}
