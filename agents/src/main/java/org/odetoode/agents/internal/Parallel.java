package org.odetoode.agents.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * A fixed pool of threads, each owning a context (its environment, network copies, scratch), that runs indexed
 * tasks: every thread takes the next index from a shared counter and calls {@code task(its context, index)}. Tasks
 * store their results by index, so what a call computes does not depend on the number of threads or on which thread
 * ran which index. With one thread the tasks run on the caller's thread, in index order.
 *
 * @param <C> the per-thread context
 */
public final class Parallel<C> implements AutoCloseable {
    private final List<C> contexts;
    private final ExecutorService pool;

    /**
     * @param threads number of threads, >= 1
     * @param contexts makes the context of thread w (called once per thread, here)
     */
    public Parallel(int threads, IntFunction<C> contexts, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.contexts = new ArrayList<>(threads);
        for (int w = 0; w < threads; w++) {
            this.contexts.add(contexts.apply(w));
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return contexts.size();
    }

    /** The contexts, by thread. */
    public List<C> contexts() {
        return contexts;
    }

    /** Runs {@code task} for every index in [0, n) and returns when all are done; rethrows a task's exception. */
    public void forEach(int n, ObjIntConsumer<C> task) {
        AtomicInteger next = new AtomicInteger();
        if (pool == null) {
            drain(contexts.get(0), n, next, task);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(contexts.size());
        for (C c : contexts) {
            futures.add(pool.submit(() -> drain(c, n, next, task)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("parallel tasks interrupted", e);
            } catch (ExecutionException e) {
                futures.forEach(x -> x.cancel(true));
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static <C> void drain(C context, int n, AtomicInteger next, ObjIntConsumer<C> task) {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            task.accept(context, i);
        }
    }

    /** Stops the threads; the contexts are the caller's to release. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
