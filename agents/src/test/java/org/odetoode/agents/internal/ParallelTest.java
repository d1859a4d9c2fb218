package org.odetoode.agents.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyIndexRunsOnceOnItsWorkersContext(int threads) {
        try (Parallel<int[]> p = new Parallel<>(threads, w -> new int[] {w}, "test")) {
            for (int n : new int[] {0, 1, 5, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                AtomicIntegerArray byWorker = new AtomicIntegerArray(threads);
                p.forEach(n, (c, i) -> {
                    runs.incrementAndGet(i);
                    byWorker.incrementAndGet(c[0]);
                });
                int total = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "index " + i + " of " + n);
                }
                for (int w = 0; w < threads; w++) {
                    total += byWorker.get(w);
                }
                assertEquals(n, total);
            }
        }
    }

    /** A failing task stops the handing out of tasks, and the call returns only when no task is running. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aFailureIsRethrownAfterEveryRunningTaskHasEnded(int threads) {
        IllegalStateException boom = new IllegalStateException("task 3 failed");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        try (Parallel<Object> p = new Parallel<>(threads, w -> new Object(), "test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(200, (c, i) -> {
                running.incrementAndGet();
                started.incrementAndGet();
                try {
                    if (i == 3) {
                        throw boom;
                    }
                    Thread.sleep(2);
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
            }));
            assertSame(boom, e);
            assertEquals(0, running.get(), "a task still running after the call returned");
            assertTrue(started.get() < 4 + threads, started.get() + " tasks started");
        }
    }
}
