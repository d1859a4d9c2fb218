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
 * A fixed set of workers, each owning a context (its environment, network copies, scratch), that runs indexed
 * tasks: every worker takes the next index from a shared counter and calls {@code task(its context, index)}. Tasks
 * store their results by index, so what a call computes does not depend on the number of threads or on which thread
 * ran which index. The caller is worker 0 and a pool thread is each of the others, so a call wakes {@code threads −
 * 1} threads; with one thread the tasks run on the caller's thread, in index order.
 *
 * @param <C> the per-thread context
 */
public final class Parallel<C> implements AutoCloseable {
    private final List<C> contexts;
    private final ExecutorService pool;

    /**
     * @param threads number of threads, >= 1, the caller's included
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
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
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

    /**
     * Runs {@code task} for every index in [0, n) and returns when all are done. When a task throws, no further task
     * starts, and the call rethrows the first exception once every worker has finished the task it was running (so
     * no context is still in use when the caller goes on, for instance to close it).
     */
    public void forEach(int n, ObjIntConsumer<C> task) {
        AtomicInteger next = new AtomicInteger();
        if (pool == null) {
            drain(contexts.get(0), n, next, task);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(contexts.size() - 1);
        for (C c : contexts.subList(1, contexts.size())) {
            futures.add(pool.submit(() -> drain(c, n, next, task)));
        }
        Throwable failure = null;
        try {
            drain(contexts.get(0), n, next, task);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    // Stop handing out tasks, but wait for the running ones: they end on their own.
                    interrupted = true;
                    next.set(n);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new IllegalStateException("parallel tasks interrupted");
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static <C> void drain(C context, int n, AtomicInteger next, ObjIntConsumer<C> task) {
        try {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                task.accept(context, i);
            }
        } catch (RuntimeException | Error e) {
            next.set(n); // no worker starts another task
            throw e;
        }
    }

    /** Stops the pool threads; the contexts are the caller's to release. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
