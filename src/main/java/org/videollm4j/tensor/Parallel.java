package org.videollm4j.tensor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 *
 * <p>Idle workers spin for a short while ({@code -Dvideollm4j.spinMicros}, default 1000) before
 * parking, as OpenBLAS's threads do: on cores shared with other jobs a parked thread can take
 * milliseconds to be scheduled again, longer than a whole matrix product (measured: with a
 * blocking pool, products ran at one core's speed under load while OpenBLAS kept both).
 */
public final class Parallel {
    /** Worker count including the caller; {@code -Dvideollm4j.threads=N} overrides the core count. */
    public static final int THREADS = Math.max(1,
            Integer.getInteger("videollm4j.threads", Runtime.getRuntime().availableProcessors()));

    private static final long SPIN_NANOS = 1000L * Long.getLong("videollm4j.spinMicros", 1000);
    private static final ThreadLocal<Boolean> IN_REGION = ThreadLocal.withInitial(() -> false);
    /** Regions that may still have unclaimed tasks; workers scan it. */
    private static final ConcurrentLinkedQueue<Region> OPEN = new ConcurrentLinkedQueue<>();
    private static final Thread[] WORKERS = startWorkers(THREADS - 1);

    private Parallel() {
    }

    /** Calls task.accept(i) once for every i in [0, count), spread over up to {@link #THREADS} threads. */
    public static void forEach(int count, IntConsumer task) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || WORKERS.length == 0 || IN_REGION.get()) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        Region region = new Region(count, task);
        OPEN.add(region);
        for (Thread w : WORKERS) {
            LockSupport.unpark(w); // cheap when the worker is spinning, not parked
        }
        IN_REGION.set(true);
        try {
            region.work();
        } finally {
            IN_REGION.set(false);
            OPEN.remove(region);
        }
        region.closeAndAwait();
    }

    private static Thread[] startWorkers(int n) {
        Thread[] workers = new Thread[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new Thread(Parallel::workerLoop, "videollm4j-compute-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        return workers;
    }

    private static void workerLoop() {
        IN_REGION.set(true);
        long idleSince = System.nanoTime();
        while (true) {
            Region open = null;
            for (Region r : OPEN) {
                if (r.hasWork()) {
                    open = r;
                    break;
                }
            }
            if (open != null) {
                open.helper();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(); // forEach unparks after publishing a region; spurious wake-ups just rescan
                idleSince = System.nanoTime();
            }
        }
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

        boolean hasWork() {
            return next.get() < count;
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
