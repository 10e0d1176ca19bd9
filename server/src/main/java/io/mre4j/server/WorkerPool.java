package io.mre4j.server;

import io.mre4j.core.doc.Document;
import io.mre4j.core.engine.ExtractionEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads that run the engine, fed by a bounded queue of requests. A worker takes the oldest
 * request and joins the requests queued behind it into one engine call of at most {@code engineBatch} documents, so
 * that concurrent single-text requests share a forward pass (dynamic batching). When the queue is full,
 * {@link #submit} refuses at once: the server never queues without bound.
 */
final class WorkerPool implements AutoCloseable {
    /** The queue is full. */
    static final class SaturatedException extends Exception {
        SaturatedException() {
            super("the worker queue is full", null, false, false);
        }
    }

    /** One request's documents and the future that receives their predictions. */
    private static final class Job {
        final List<Document> documents;
        final CompletableFuture<List<Document>> result = new CompletableFuture<>();

        Job(List<Document> documents) {
            this.documents = documents;
        }
    }

    private final ExtractionEngine engine;
    private final BlockingQueue<Job> queue;
    private final int engineBatch;
    private final IntConsumer documentsDone;
    private final Object takeLock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param documentsDone told how many documents each successful engine call predicted
     */
    WorkerPool(ExtractionEngine engine, int workers, int queueCapacity, int engineBatch, IntConsumer documentsDone) {
        this.engine = engine;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.engineBatch = engineBatch;
        this.documentsDone = documentsDone;
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "mre4j-worker-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * Queues documents for the engine. The future completes with their predictions in order, or exceptionally with
     * what the engine threw; cancelling it before a worker takes the request drops the request.
     *
     * @throws SaturatedException when the queue is full or the pool is closed
     */
    CompletableFuture<List<Document>> submit(List<Document> documents) throws SaturatedException {
        Job job = new Job(documents);
        if (closed || !queue.offer(job)) {
            throw new SaturatedException();
        }
        return job.result;
    }

    /** Requests waiting for a worker. */
    int queued() {
        return queue.size();
    }

    /** True while every worker thread runs. */
    boolean alive() {
        return !closed && threads.stream().allMatch(Thread::isAlive);
    }

    private void work() {
        while (true) {
            List<Job> jobs;
            try {
                jobs = take();
            } catch (InterruptedException e) {
                return;
            }
            if (jobs.isEmpty()) {
                return;
            }
            run(jobs);
        }
    }

    /** The oldest live request and those behind it that fit in one engine call; empty once closed and drained. */
    private List<Job> take() throws InterruptedException {
        synchronized (takeLock) {
            List<Job> jobs = new ArrayList<>();
            int size = 0;
            while (jobs.isEmpty()) {
                Job first = closed ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return jobs;
                    }
                    continue;
                }
                if (!first.result.isDone()) {
                    jobs.add(first);
                    size = first.documents.size();
                }
            }
            for (Job next = queue.peek(); next != null && size + next.documents.size() <= engineBatch;
                 next = queue.peek()) {
                queue.poll();
                if (!next.result.isDone()) {
                    jobs.add(next);
                    size += next.documents.size();
                }
            }
            return jobs;
        }
    }

    private void run(List<Job> jobs) {
        List<Document> all = new ArrayList<>();
        jobs.forEach(job -> all.addAll(job.documents));
        List<Document> predicted;
        try {
            predicted = engine.extract(all);
            if (predicted == null || predicted.size() != all.size()) {
                throw new IllegalStateException("the engine answered " + (predicted == null ? "null" : predicted.size()
                        + " documents") + " for " + all.size());
            }
        } catch (RuntimeException | Error e) {
            if (jobs.size() == 1) {
                jobs.get(0).result.completeExceptionally(e);
            } else {
                // One request's documents must not fail the others that shared its engine call.
                jobs.forEach(job -> run(List.of(job)));
            }
            return;
        }
        documentsDone.accept(all.size());
        int from = 0;
        for (Job job : jobs) {
            int to = from + job.documents.size();
            job.result.complete(List.copyOf(predicted.subList(from, to)));
            from = to;
        }
    }

    /** Stops taking requests, lets the workers finish those already queued, and waits for them. */
    @Override
    public void close() {
        close(Long.MAX_VALUE);
    }

    /**
     * Stops taking requests and waits until the workers have finished those already queued, or until the deadline
     * ({@link System#nanoTime()}). A worker still inside the engine then is interrupted and left behind: the threads
     * are daemons, so an engine that never returns cannot keep the process from stopping.
     *
     * @return true when every worker finished in time
     */
    boolean close(long deadlineNanos) {
        closed = true;
        for (Thread thread : threads) {
            try {
                long left = deadlineNanos - System.nanoTime();
                if (deadlineNanos == Long.MAX_VALUE) {
                    thread.join();
                } else if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean finished = threads.stream().noneMatch(Thread::isAlive);
        if (!finished) {
            threads.forEach(Thread::interrupt);
        }
        return finished;
    }
}
