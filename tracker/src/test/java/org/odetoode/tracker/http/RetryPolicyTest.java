package org.odetoode.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoffDoublesFromTwoSecondsToAMinuteWithJitterInTheUpperHalf() {
        SplittableRandom random = new SplittableRandom(1);
        long[] ceilings = {2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (int failures = 1; failures <= ceilings.length; failures++) {
            long ceiling = ceilings[failures - 1];
            for (int trial = 0; trial < 200; trial++) {
                long wait = policy.backoff(failures, random).toMillis();
                assertTrue(wait >= ceiling / 2 && wait <= ceiling, failures + " failures: " + wait + " ms");
            }
        }
        assertEquals(60_000, policy.backoff(1000, random).toMillis(), 30_000);
    }

    @Test
    void jitterSpreadsRetries() {
        SplittableRandom random = new SplittableRandom(2);
        Set<Long> waits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            waits.add(policy.backoff(3, random).toMillis());
        }
        assertTrue(waits.size() > 40, "distinct waits: " + waits.size());
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertEquals(Duration.ofSeconds(7), WandbClient.parseRetryAfter("7"));
        String inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration untilDate = WandbClient.parseRetryAfter(inTenSeconds);
        assertTrue(untilDate.toSeconds() >= 8 && untilDate.toSeconds() <= 10, untilDate.toString());
        assertNull(WandbClient.parseRetryAfter("soon"));
        assertNull(WandbClient.parseRetryAfter(null));
    }

    @Test
    void inconsistentPoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1)));
    }
}
