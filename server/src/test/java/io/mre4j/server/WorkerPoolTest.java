package io.mre4j.server;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.engine.ExtractionEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded queue in front of the engine, and how it joins queued requests into one engine call. */
class WorkerPoolTest {
    @Test
    void requestsQueuedBehindABusyWorkerShareOneEngineCall() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        AtomicInteger documents = new AtomicInteger();
        try (WorkerPool pool = new WorkerPool(engine, 1, 8, 64, documents::addAndGet)) {
            CompletableFuture<List<Document>> first = pool.submit(texts("first"));
            engine.awaitCalls(1);
            List<CompletableFuture<List<Document>>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(pool.submit(texts("queued " + i, "and another " + i)));
            }
            engine.release();
            assertEquals("first", first.get(30, TimeUnit.SECONDS).get(0).text());
            for (int i = 0; i < 3; i++) {
                List<Document> answer = queued.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(List.of("queued " + i, "and another " + i), answer.stream().map(Document::text).toList());
            }
            assertEquals(List.of(1, 6), engine.callSizes, "three queued requests, one engine call");
            assertEquals(7, documents.get());
        }
    }

    @Test
    void anEngineCallNeverExceedsTheEngineBatch() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        try (WorkerPool pool = new WorkerPool(engine, 1, 8, 3, n -> { })) {
            pool.submit(texts("busy"));
            engine.awaitCalls(1);
            List<CompletableFuture<List<Document>>> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                queued.add(pool.submit(texts("a" + i, "b" + i)));
            }
            engine.release();
            for (CompletableFuture<List<Document>> future : queued) {
                assertEquals(2, future.get(30, TimeUnit.SECONDS).size());
            }
            assertEquals(List.of(1, 2, 2, 2, 2), engine.callSizes, "two requests of two never fit in three");
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        try (WorkerPool pool = new WorkerPool(engine, 1, 2, 64, n -> { })) {
            pool.submit(texts("busy"));
            engine.awaitCalls(1);
            pool.submit(texts("queued 1"));
            pool.submit(texts("queued 2"));
            assertEquals(2, pool.queued());
            assertThrows(WorkerPool.SaturatedException.class, () -> pool.submit(texts("refused")));
            engine.release();
        }
    }

    @Test
    void aRequestThatBreaksTheEngineFailsAloneNotTheRequestsBatchedWithIt() throws Exception {
        BlockingEngine gate = new BlockingEngine();
        ExtractionEngine engine = new ExtractionEngine() {
            @Override
            public Schema schema() {
                return gate.schema();
            }

            @Override
            public List<Document> extract(List<Document> inputs) {
                if (inputs.stream().anyMatch(d -> d.text().equals("boom"))) {
                    throw new IllegalArgumentException("boom");
                }
                return gate.extract(inputs);
            }
        };
        try (WorkerPool pool = new WorkerPool(engine, 1, 8, 64, n -> { })) {
            CompletableFuture<List<Document>> first = pool.submit(texts("first"));
            gate.awaitCalls(1);
            CompletableFuture<List<Document>> before = pool.submit(texts("before"));
            CompletableFuture<List<Document>> broken = pool.submit(texts("boom"));
            CompletableFuture<List<Document>> after = pool.submit(texts("after"));
            gate.release();
            assertEquals("first", first.get(30, TimeUnit.SECONDS).get(0).text());
            assertEquals("before", before.get(30, TimeUnit.SECONDS).get(0).text());
            assertEquals("after", after.get(30, TimeUnit.SECONDS).get(0).text());
            ExecutionException e = assertThrows(ExecutionException.class, () -> broken.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalArgumentException);
        }
    }

    @Test
    void anEngineThatLosesDocumentsFailsTheRequestAndTheWorkerLivesOn() throws Exception {
        ExtractionEngine lossy = new ExtractionEngine() {
            @Override
            public Schema schema() {
                return TestEngine.model().schema();
            }

            @Override
            public List<Document> extract(List<Document> inputs) {
                return inputs.subList(1, inputs.size());
            }
        };
        try (WorkerPool pool = new WorkerPool(lossy, 1, 4, 64, n -> { })) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.submit(texts("a", "b")).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("answered 1 documents for 2"), e.getCause().getMessage());
            assertThrows(ExecutionException.class, () -> pool.submit(texts("c")).get(30, TimeUnit.SECONDS));
            assertTrue(pool.alive());
        }
    }

    @Test
    void closingFinishesTheQueuedRequestsThenRefusesNewOnes() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        WorkerPool pool = new WorkerPool(engine, 1, 4, 1, n -> { });
        CompletableFuture<List<Document>> running = pool.submit(texts("running"));
        engine.awaitCalls(1);
        CompletableFuture<List<Document>> queued = pool.submit(texts("queued"));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(pool::close);
        engine.release();
        closing.get(30, TimeUnit.SECONDS);
        assertEquals("running", running.get(1, TimeUnit.SECONDS).get(0).text());
        assertEquals("queued", queued.get(1, TimeUnit.SECONDS).get(0).text());
        assertThrows(WorkerPool.SaturatedException.class, () -> pool.submit(texts("late")));
    }

    private static List<Document> texts(String... texts) {
        List<Document> documents = new ArrayList<>();
        for (String text : texts) {
            documents.add(Document.unlabelled("d" + documents.size(), "en", text));
        }
        return documents;
    }
}
