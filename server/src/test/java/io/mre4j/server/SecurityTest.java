package io.mre4j.server;

import io.mre4j.core.UsageException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.engine.ExtractionEngine;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loopback by default, API keys, CORS, and errors that tell a client nothing about the server's insides. */
class SecurityTest {
    @Test
    void theDefaultAddressIsLoopback() {
        assertEquals("127.0.0.1", new ServerConfig().host);
        assertTrue(ServerConfig.isLoopback("localhost"));
        assertTrue(ServerConfig.isLoopback("::1"));
        assertFalse(ServerConfig.isLoopback("0.0.0.0"));
    }

    @Test
    void aNonLoopbackAddressIsRefusedWithoutAnApiKey() {
        ServerConfig config = new ServerConfig();
        config.host = "0.0.0.0";
        UsageException e = assertThrows(UsageException.class, config::check);
        assertTrue(e.getMessage().contains("refusing to listen on 0.0.0.0 without an API key"), e.getMessage());
        assertTrue(e.getMessage().contains(ServerConfig.API_KEY_VARIABLE), e.getMessage());
        config.apiKey = "s3cret";
        config.check();
        config.apiKey = " ";
        assertThrows(UsageException.class, config::check);
    }

    @Test
    void withAnApiKeyTheApiNeedsTheBearerTokenAndProbesDoNot() {
        try (TestServer server = TestServer.start(c -> c.apiKey = "k-123")) {
            HttpResponse<String> missing = server.extract("{\"text\": \"a\"}");
            assertEquals(401, missing.statusCode());
            assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals("Authorization", TestServer.json(missing).get("field").asText());
            HttpResponse<String> wrong = TestServer.send(server.request("/v1/extract")
                    .header("Content-Type", "application/json").header("Authorization", "Bearer k-124")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\"}")).build());
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> right = TestServer.send(server.request("/v1/extract")
                    .header("Content-Type", "application/json").header("Authorization", "Bearer k-123")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\"}")).build());
            assertEquals(200, right.statusCode(), right.body());
            assertEquals(401, server.get("/v1/schema").statusCode());
            assertEquals(401, server.get("/metrics").statusCode());
            assertEquals(200, server.get("/healthz").statusCode());
            assertEquals(200, server.get("/").statusCode(), "the page asks for the key itself");
            assertTrue(TestServer.json(TestServer.send(server.request("/v1/schema")
                    .header("Authorization", "Bearer k-123").build())).get("authentication").asBoolean());
        }
    }

    @Test
    void corsIsOffUnlessAnOriginIsConfigured() {
        try (TestServer server = TestServer.start(c -> { })) {
            HttpResponse<String> response = TestServer.send(server.request("/v1/schema")
                    .header("Origin", "https://elsewhere.example").build());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            HttpResponse<String> preflight = preflight(server, "https://elsewhere.example");
            assertEquals(403, preflight.statusCode());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }

    @Test
    void aConfiguredOriginMayCallTheApiAndNoOtherMay() {
        try (TestServer server = TestServer.start(c -> c.corsOrigins = List.of("https://app.example"))) {
            HttpResponse<String> preflight = preflight(server, "https://app.example");
            assertEquals(204, preflight.statusCode());
            assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin")
                    .orElse(""));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")
                    .contains("Content-Type"));
            HttpResponse<String> call = TestServer.send(server.request("/v1/extract")
                    .header("Origin", "https://app.example").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"a\"}")).build());
            assertEquals(200, call.statusCode());
            assertEquals("https://app.example", call.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals(403, preflight(server, "https://other.example").statusCode());
        }
    }

    @Test
    void anEngineFailureIsA500WithoutStackTraceOrDetail() {
        ExtractionEngine failing = new ExtractionEngine() {
            @Override
            public Schema schema() {
                return TestEngine.model().schema();
            }

            @Override
            public List<Document> extract(List<Document> inputs) {
                throw new IllegalStateException("secret detail from /srv/models/private.mre");
            }
        };
        try (TestServer server = TestServer.start(failing, c -> { })) {
            HttpResponse<String> response = server.extract("{\"text\": \"a\"}");
            assertEquals(500, response.statusCode());
            assertEquals("{\"status\":500,\"error\":\"internal error\"}", response.body().trim());
            assertEquals(200, server.get("/healthz").statusCode(), "the workers survive");
        }
    }

    @Test
    void aMalformedHttpRequestGetsAJsonErrorWithoutServerVersion() throws Exception {
        try (TestServer server = TestServer.start(c -> { })) {
            String answer = raw(server, "\u0001\u0002 not http at all\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("\"status\":400"), answer);
            assertFalse(answer.toLowerCase().contains("jetty"), answer);
            String badHeader = raw(server, "GET /healthz HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n");
            assertTrue(badHeader.startsWith("HTTP/1.1 400"), badHeader);
            assertTrue(badHeader.contains("\"status\":400"), badHeader);
        }
    }

    private static HttpResponse<String> preflight(TestServer server, String origin) {
        return TestServer.send(server.request("/v1/extract").header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Sends bytes as they are, closes the sending side, and reads the whole answer. */
    static String raw(TestServer server, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
