package io.mre4j.server;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.engine.ExtractionEngine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The test model behind a gate, so that a test can hold requests inside the engine: every call after the warm-up
 * waits until {@link #release()}. It records the size of each call.
 */
final class BlockingEngine implements ExtractionEngine {
    private final ExtractionEngine engine = TestEngine.model();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final Semaphore entered = new Semaphore(0);
    final List<Integer> callSizes = new CopyOnWriteArrayList<>();

    @Override
    public Schema schema() {
        return engine.schema();
    }

    @Override
    public List<Document> extract(List<Document> inputs) {
        boolean warmUp = inputs.size() == 1 && inputs.get(0).id().equals("warm-up");
        if (!warmUp) {
            callSizes.add(inputs.size());
            entered.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return engine.extract(inputs);
    }

    /** Waits until {@code calls} engine calls have started. */
    void awaitCalls(int calls) throws InterruptedException {
        if (!entered.tryAcquire(calls, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("the engine was not called " + calls + " times");
        }
    }

    void release() {
        gate.countDown();
    }
}
