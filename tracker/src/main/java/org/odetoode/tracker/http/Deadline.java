package org.odetoode.tracker.http;

import java.time.Duration;

/**
 * The time by which a request, retries included, must be given up. It can be moved while a request
 * is waiting to retry: a finishing run shortens its sender's deadline, which wakes it to try at once.
 */
public final class Deadline {
    private long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(saturatedAdd(System.nanoTime(), timeout.toNanos()));
    }

    /** Moves the deadline to {@code timeout} from now and wakes anyone waiting on it. */
    public synchronized void moveTo(Duration timeout) {
        atNanos = saturatedAdd(System.nanoTime(), timeout.toNanos());
        notifyAll();
    }

    /** Time left, zero once passed. */
    public synchronized Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** Whether waiting {@code wait} still ends before the deadline. */
    public boolean allows(Duration wait) {
        return wait.compareTo(remaining()) < 0;
    }

    /** Waits for {@code wait}, returning early when the deadline is moved. */
    public synchronized void sleep(Duration wait) throws InterruptedException {
        long until = saturatedAdd(System.nanoTime(), wait.toNanos());
        long movedFrom = atNanos;
        long left;
        while ((left = until - System.nanoTime()) > 0 && atNanos == movedFrom) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
