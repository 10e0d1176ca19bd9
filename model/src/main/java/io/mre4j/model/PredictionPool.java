package io.mre4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run prediction batches: one per core, shared by every model of the JVM, daemons. A caller hands
 * its batches over and blocks until they are done (no work stealing, no spinning, unlike a parallel stream on the
 * common fork-join pool, which spun its callers when a server's workers predicted at once). A pool thread that
 * predicts runs its batches itself, so the pool cannot deadlock on itself.
 */
final class PredictionPool {
    private static final ThreadGroup GROUP = new ThreadGroup("mre4j-predict");
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(GROUP, r, "mre4j-predict-" + NUMBER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private PredictionPool() {
    }

    static boolean isPoolThread() {
        return Thread.currentThread().getThreadGroup() == GROUP;
    }

    /** Runs every task on the pool and returns when all are done; the first failure is rethrown. */
    static void runAll(List<Runnable> tasks) {
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        for (Runnable task : tasks) {
            futures.add(POOL.submit(task));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                futures.forEach(other -> other.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("prediction interrupted", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("prediction failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
