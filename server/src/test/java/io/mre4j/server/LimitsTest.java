package io.mre4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit of the server and the answer to every kind of bad request, over real sockets. */
class LimitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> {
            c.maxBodyBytes = 4096;
            c.maxBatch = 4;
            c.maxTextChars = 100;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(HttpResponse<String> response, int status, String field, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = TestServer.json(response);
        assertEquals(status, error.get("status").asInt());
        assertTrue(error.get("error").asText().contains(message), error.toString());
        if (field == null) {
            assertFalse(error.has("field"), error.toString());
        } else {
            assertEquals(field, error.get("field").asText(), error.toString());
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"text\": \"" + "a".repeat(5000) + "\"}";
        assertError(server.extract(big), 413, null, "the limit is 4096 bytes");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413TooWithoutAContentLength() {
        byte[] big = ("{\"text\": \"" + "a".repeat(5000) + "\"}").getBytes();
        HttpResponse<String> response = TestServer.send(server.request("/v1/extract")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertError(response, 413, null, "more than 4096 bytes");
    }

    @Test
    void aBatchOverTheLimitIs413NamingTexts() {
        assertError(server.extract("{\"texts\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}"), 413, "texts",
                "holds 5 texts; the limit is 4");
        assertEquals(200, server.extract("{\"texts\": [\"a\", \"b\", \"c\", \"d\"]}").statusCode());
    }

    @Test
    void aTextOverTheLengthLimitIs413NamingTheText() {
        assertError(server.extract("{\"texts\": [\"short\", \"" + "b".repeat(101) + "\"]}"), 413, "texts[1]",
                "has 101 characters; the limit is 100");
        assertError(server.extract("{\"text\": \"" + "b".repeat(101) + "\"}"), 413, "text", "the limit is 100");
        assertEquals(200, server.extract("{\"text\": \"" + "b ".repeat(50) + "\"}").statusCode(),
                "exactly at the limit");
    }

    @Test
    void malformedJsonIs400() {
        assertError(server.extract("{\"text\": \"unclosed"), 400, null, "invalid JSON");
        assertError(server.extract("{\"text\": \"a\"} trailing"), 400, null, "invalid JSON");
        assertError(server.extract("{\"text\": \"a\", \"text\": \"b\"}"), 400, null, "Duplicate field");
        assertError(server.extract(""), 400, null, "empty body");
        assertError(server.extract("[\"a\"]"), 400, null, "expected a JSON object");
        assertError(server.extract("[".repeat(3000)), 400, null, "invalid JSON");
    }

    @Test
    void aMissingOrWrongTypedFieldIs400NamingIt() {
        assertError(server.extract("{}"), 400, "text", "missing field 'text'");
        assertError(server.extract("{\"text\": 42}"), 400, "text", "field 'text' must be a string");
        assertError(server.extract("{\"text\": null}"), 400, "text", "field 'text' must be a string");
        assertError(server.extract("{\"texts\": \"a\"}"), 400, "texts", "must be an array of strings");
        assertError(server.extract("{\"texts\": []}"), 400, "texts", "at least one text");
        assertError(server.extract("{\"texts\": [\"a\", {\"b\": 1}]}"), 400, "texts[1]", "must be a string");
        assertError(server.extract("{\"text\": \"a\", \"texts\": [\"b\"]}"), 400, "texts", "not both");
        assertError(server.extract("{\"text\": \"a\", \"lang\": 1}"), 400, "lang", "must be a string");
        assertError(server.extract("{\"text\": \"a\", \"lang\": \"../../etc\"}"), 400, "lang", "language code");
        assertError(server.extract("{\"text\": \"a\", \"evidence\": \"yes\"}"), 400, "evidence", "true or false");
        assertError(server.extract("{\"txt\": \"a\"}"), 400, "txt", "unknown field 'txt'");
        assertError(server.extract("{\"text\": \"\\ud800 lone\"}"), 400, "text", "unpaired UTF-16 surrogate at "
                + "offset 0");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        HttpResponse<String> response = TestServer.send(server.request("/v1/extract")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\"}"))
                .build());
        assertError(response, 415, "Content-Type", "application/json");
    }

    @Test
    void anUnknownRouteIs404AndAWrongMethodIs405InJson() {
        assertError(server.get("/v1/nothing"), 404, null, "no such route: GET /v1/nothing");
        assertError(server.get("/v1/extract"), 405, null, "method GET is not allowed on /v1/extract");
    }

    @Test
    void whenEveryWorkerIsBusyAndTheQueueIsFullTheServerAnswers503WithRetryAfter() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        try (TestServer small = TestServer.start(engine, c -> {
            c.workers = 1;
            c.queueCapacity = 1;
            c.retryAfterSeconds = 2;
        })) {
            CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
                    () -> small.extract("{\"text\": \"first\"}"));
            engine.awaitCalls(1);
            CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(
                    () -> small.extract("{\"text\": \"second\"}"));
            waitForQueueLength(small, 1);
            HttpResponse<String> refused = small.extract("{\"text\": \"third\"}");
            assertError(refused, 503, null, "saturated");
            assertEquals("2", refused.headers().firstValue("Retry-After").orElse(""));
            engine.release();
            assertEquals(200, running.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
            assertTrue(small.get("/metrics").body().contains("mre4j_rejected_requests_total{reason=\"saturated\"} 1"));
        }
    }

    @Test
    void aRequestThatOutlivesItsTimeoutIs503() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        try (TestServer slow = TestServer.start(engine, c -> c.timeoutMillis = 300)) {
            long start = System.nanoTime();
            HttpResponse<String> response = slow.extract("{\"text\": \"never answered in time\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertError(response, 503, null, "did not finish within 300 ms");
            assertTrue(response.headers().firstValue("Retry-After").isPresent());
            assertTrue(millis >= 300 && millis < 5_000, millis + " ms");
            engine.release();
            assertEquals(200, slow.extract("{\"text\": \"after\"}").statusCode(), "the server still serves");
        }
    }

    @Test
    void shutdownFinishesTheRequestsInFlightBeforeItStops() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        TestServer draining = TestServer.start(engine, c -> c.shutdownTimeoutMillis = 30_000);
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                () -> draining.extract("{\"text\": \"in flight while the server stops\"}"));
        engine.awaitCalls(1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(draining::close);
        Thread.sleep(300);
        assertFalse(closing.isDone(), "shutdown waits for the request in flight");
        try {
            HttpResponse<String> late = draining.extract("{\"text\": \"too late\"}");
            assertError(late, 503, null, "shutting down");
        } catch (java.io.UncheckedIOException refused) {
            assertTrue(refused.getCause() instanceof java.net.ConnectException, refused.toString());
        }
        engine.release();
        HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("in flight while the server stops",
                TestServer.json(response).get("documents").get(0).get("text").asText());
        closing.get(30, TimeUnit.SECONDS);
    }

    @Test
    void shutdownOfAServerWhoseEngineHangsEndsAtTheShutdownTimeout() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        TestServer stuck = TestServer.start(engine, c -> c.shutdownTimeoutMillis = 500);
        CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return stuck.extract("{\"text\": \"the engine never answers\"}").statusCode();
            } catch (java.io.UncheckedIOException closed) {
                return -1;
            }
        });
        engine.awaitCalls(1);
        long start = System.nanoTime();
        stuck.close();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 400 && millis < 5_000, "shutdown took " + millis + " ms");
        engine.release();
        int status = inFlight.get(30, TimeUnit.SECONDS);
        assertTrue(status == -1 || status == 503, "the request in flight is cut off (-1) or refused (503): "
                + status);
    }

    private static void waitForQueueLength(TestServer server, int length) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!server.get("/metrics").body().contains("mre4j_queue_length " + length)) {
            assertTrue(System.currentTimeMillis() < deadline, "the queue never held " + length);
            Thread.sleep(10);
        }
    }
}
