package org.videollm4j.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks over the cores with one fixed pool of daemon threads (no per-call thread
 * creation). The calling thread works too, and tasks are claimed dynamically from a counter, so the
 * split stays balanced when other processes share the cores.
 *
 * <p>Nested use is safe: a call made from inside a region (from a pool thread or from a caller
 * that is already running tasks) runs its tasks sequentially in that thread instead of waiting
 * on the pool, so it can never deadlock. Helpers that start after every task was claimed leave
 * at once, so a busy pool only costs parallelism, never progress.
 */
public final class Parallel {
    /** Worker count including the caller; {@code -Dvideollm4j.threads=N} overrides the core count. */
    public static final int THREADS = Math.max(1,
            Integer.getInteger("videollm4j.threads", Runtime.getRuntime().availableProcessors()));

    private static final ThreadLocal<Boolean> IN_REGION = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService POOL = THREADS == 1 ? null
            : Executors.newFixedThreadPool(THREADS - 1, r -> {
                Thread t = new Thread(() -> {
                    IN_REGION.set(true);
                    r.run();
                }, "videollm4j-compute");
                t.setDaemon(true);
                return t;
            });

    private Parallel() {
    }

    /** Calls task.accept(i) once for every i in [0, count), spread over up to {@link #THREADS} threads. */
    public static void forEach(int count, IntConsumer task) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || POOL == null || IN_REGION.get()) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        Region region = new Region(count, task);
        int helpers = Math.min(THREADS - 1, count - 1);
        for (int h = 0; h < helpers; h++) {
            POOL.execute(region::helper);
        }
        IN_REGION.set(true);
        try {
            region.work();
        } finally {
            IN_REGION.set(false);
        }
        region.closeAndAwait();
    }

    private static final class Region {
        private final AtomicInteger next = new AtomicInteger();
        private final int count;
        private final IntConsumer task;
        private int active; // helpers inside work(); guarded by this
        private boolean closed; // set once the caller is done; guarded by this
        private Throwable failure; // first failure in any thread; guarded by this

        Region(int count, IntConsumer task) {
            this.count = count;
            this.task = task;
        }

        void work() {
            try {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (Throwable t) {
                next.set(count); // stop handing out tasks
                synchronized (this) {
                    if (failure == null) {
                        failure = t;
                    }
                }
            }
        }

        void helper() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                active++;
            }
            try {
                work();
            } finally {
                synchronized (this) {
                    if (--active == 0) {
                        notifyAll();
                    }
                }
            }
        }

        synchronized void closeAndAwait() {
            closed = true;
            boolean interrupted = false;
            while (active > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // tasks write into the caller's arrays: never leave before they end
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error er) {
                throw er;
            }
            if (failure != null) {
                throw new RuntimeException(failure);
            }
        }
    }
}
