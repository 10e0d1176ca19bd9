package io.mre4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random and mutated requests from several clients at once, seeded so that a failure can be replayed:
 * the server must answer every one with a 2xx, a 4xx or a deliberate 503 (with Retry-After), every error as JSON, and
 * must be healthy afterwards.
 */
class FuzzTest {
    private static final long SEED = 20_261_127L;
    private static final int REQUESTS = 3_000;
    private static final int CLIENTS = 8;
    private static final int RAW_REQUESTS = 300;
    private static final String[] WORDS = {"flights", "from", "boston", "to", "denver", "Maria", "Okafor", "scored",
            "in", "Berlin", "東京", "から", "大阪", "へ", "選手", "が", "😀", "\u0000", "\t", "\n", "\"", "\\", "ü", "é",
            "{", "}", "[", "]", ":", ",", "null", "true", " ", "  ", "e\u0301", "\u200b", "a".repeat(50)};
    private static final String[] PATHS = {"/v1/extract", "/v1/extract", "/v1/extract", "/v1/schema", "/healthz",
            "/readyz", "/metrics", "/openapi.json", "/", "/app.js", "/v1/", "/v1/extract/", "/v1/extract/../schema",
            "/%2e%2e/etc/passwd", "/v1/extract?file=/etc/passwd", "/" + "x".repeat(300), "/v1/%00", "/v2/extract"};
    private static final String[] METHODS = {"POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "FOO"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
            "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=latin1", "", ";;;"};

    @Test
    void randomAndMutatedRequestsGetNo5xxButDeliberate503sAndTheServerStaysHealthy() throws Exception {
        try (TestServer server = TestServer.start(c -> {
            c.maxBodyBytes = 16 * 1024;
            c.maxBatch = 8;
            c.maxTextChars = 500;
            c.workers = 2;
            c.queueCapacity = 4;
            c.timeoutMillis = 2_000;
        })) {
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                Random random = new Random(SEED + client);
                done.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS / CLIENTS; i++) {
                        HttpRequest request = randomRequest(server, random);
                        HttpResponse<String> response = TestServer.send(request);
                        statuses.computeIfAbsent(response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        String problem = problem(request, response);
                        if (problem != null) {
                            failures.add(problem);
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            clients.shutdown();
            Random random = new Random(SEED);
            for (int i = 0; i < RAW_REQUESTS; i++) {
                String answer = SecurityTest.raw(server, mutatedRawRequest(random));
                if (answer.startsWith("HTTP/1.1 5") && !answer.startsWith("HTTP/1.1 503")) {
                    failures.add("raw request answered " + answer);
                }
            }
            System.out.println("fuzz status mix: " + new TreeMap<>(statuses));
            assertTrue(failures.isEmpty(), () -> failures.size() + " bad answers, first: " + failures.get(0));
            assertEquals(REQUESTS, statuses.values().stream().mapToInt(AtomicInteger::get).sum());
            assertTrue(statuses.containsKey(200) && statuses.containsKey(400), "the fuzz reached the engine and "
                    + "the checks: " + statuses);
            assertEquals(200, server.get("/healthz").statusCode());
            assertEquals(200, server.get("/readyz").statusCode());
            assertEquals(200, server.extract("{\"text\": \"show flights from boston to denver\"}").statusCode());
            assertTrue(server.get("/metrics").body().contains("\nmre4j_http_requests_in_flight 1\n"),
                    "no request is left in flight");
        }
    }

    /** Why an answer breaks the rules, or null. */
    private static String problem(HttpRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String where = request.method() + " " + request.uri() + " -> " + status + " " + response.body();
        if (status >= 500 && status != 503) {
            return where;
        }
        if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
            return "503 without Retry-After: " + where;
        }
        if (status >= 400) {
            try {
                JsonNode error = TestServer.json(response);
                if (error.get("status").asInt() != status || !error.get("error").isTextual()) {
                    return "error body does not match: " + where;
                }
            } catch (AssertionError e) {
                return "error is not JSON: " + where;
            }
        }
        if (response.body().contains("\tat ") || response.body().contains("Exception")) {
            return "leaks a stack trace: " + where;
        }
        return null;
    }

    private static HttpRequest randomRequest(TestServer server, Random random) {
        int kind = random.nextInt(10);
        String path = kind < 7 ? "/v1/extract" : PATHS[random.nextInt(PATHS.length)];
        String method = kind < 7 ? "POST" : METHODS[random.nextInt(METHODS.length)];
        byte[] body = switch (kind) {
            case 0, 1 -> validBody(random).getBytes(StandardCharsets.UTF_8);
            case 2, 3 -> mutate(validBody(random).getBytes(StandardCharsets.UTF_8), random);
            case 4 -> randomJson(random, 0).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"" + randomText(random, 1) + "\": " + randomJson(random, 0) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> extreme(random).getBytes(StandardCharsets.UTF_8);
            default -> random.nextBoolean() ? validBody(random).getBytes(StandardCharsets.UTF_8)
                    : randomBytes(random, random.nextInt(200));
        };
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(server.uri(path));
        } catch (IllegalArgumentException e) {
            builder = HttpRequest.newBuilder(server.uri("/v1/extract"));
        }
        builder.timeout(java.time.Duration.ofSeconds(30));
        String contentType = kind < 4 || random.nextInt(3) > 0 ? "application/json"
                : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        if (!contentType.isEmpty()) {
            builder.header("Content-Type", contentType);
        }
        if (random.nextInt(20) == 0) {
            builder.header("Origin", "https://fuzz.example");
        }
        if (random.nextInt(20) == 0) {
            builder.header("Authorization", "Bearer " + Long.toHexString(random.nextLong()));
        }
        boolean noBody = method.equals("GET") || method.equals("TRACE") || method.equals("OPTIONS");
        return builder.method(method, noBody ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String validBody(Random random) {
        StringBuilder json = new StringBuilder("{");
        if (random.nextBoolean()) {
            json.append("\"text\": ").append(TestServer.quote(randomText(random, 1 + random.nextInt(12))));
        } else {
            json.append("\"texts\": [");
            int n = 1 + random.nextInt(10);
            for (int i = 0; i < n; i++) {
                json.append(i > 0 ? ", " : "").append(TestServer.quote(randomText(random, random.nextInt(12))));
            }
            json.append(']');
        }
        if (random.nextInt(3) == 0) {
            json.append(", \"lang\": ").append(TestServer.quote(new String[] {"en", "ja", "zh", "x", "en-GB",
                    ""}[random.nextInt(6)]));
        }
        if (random.nextInt(3) == 0) {
            json.append(", \"evidence\": ").append(random.nextBoolean());
        }
        return json.append('}').toString();
    }

    private static String randomText(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i > 0 && random.nextBoolean() ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 4 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> random.nextBoolean() ? String.valueOf(random.nextLong()) : String.valueOf(random.nextDouble()
                    * 1e300);
            case 3 -> TestServer.quote(randomText(random, random.nextInt(6)));
            case 4 -> "\"\\u" + String.format("%04x", random.nextInt(0x10000)) + "\"";
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    array.append(i > 0 ? "," : "").append(randomJson(random, depth + 1));
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                int n = random.nextInt(5);
                String[] keys = {"text", "texts", "lang", "evidence", "id", ""};
                for (int i = 0; i < n; i++) {
                    object.append(i > 0 ? "," : "").append('"').append(keys[random.nextInt(keys.length)])
                            .append("\":").append(randomJson(random, depth + 1));
                }
                yield object.append('}').toString();
            }
        };
    }

    /** Bodies at and past the limits, and shapes that stress a parser. */
    private static String extreme(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "{\"text\": \"" + "x".repeat(400 + random.nextInt(200)) + "\"}";
            case 1 -> "{\"texts\": [" + "\"a\",".repeat(5 + random.nextInt(10)) + "\"b\"]}";
            case 2 -> "[".repeat(random.nextInt(5000)) + "]".repeat(random.nextInt(5000));
            case 3 -> "{\"text\": \"" + "\\ud83d".repeat(random.nextInt(3) + 1) + "\"}";
            case 4 -> "{\"text\": \"" + "y".repeat(17_000) + "\"}";
            case 5 -> "{\"text\": \"" + "東京 ".repeat(random.nextInt(166)) + "\", \"lang\": \"ja\", \"evidence\": "
                    + "true}";
            case 6 -> "{\"text\": 1" + "0".repeat(random.nextInt(2000)) + "}";
            default -> "{\"text\": \"a\"}" + " ".repeat(random.nextInt(10)) + "{}";
        };
    }

    private static byte[] mutate(byte[] body, Random random) {
        byte[] out = body.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out = java.util.Arrays.copyOf(out, at);
                case 2 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    String specials = "{}[]\",:\\0 \u00ff";
                    longer[at] = (byte) specials.charAt(random.nextInt(specials.length()));
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
            }
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A valid HTTP request with bytes of its headers or body changed. The request line is kept: a mangled protocol
     * version is answered 505 by Jetty, as HTTP requires, which is no failure of the server.
     */
    private static String mutatedRawRequest(Random random) {
        String body = validBody(random);
        String headers = "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n";
        char[] rest = (headers + body).toCharArray();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            rest[random.nextInt(rest.length)] = (char) random.nextInt(256);
        }
        return "POST /v1/extract HTTP/1.1\r\n" + new String(rest);
    }
}
