package io.mre4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.io.DocumentJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A real server on an ephemeral loopback port, and a real HTTP client to call it. */
final class TestServer implements AutoCloseable {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final ExtractionServer server;
    final ServerConfig config;

    private TestServer(ExtractionEngine engine, ServerConfig config) {
        this.config = config;
        JsonNode model = JsonNodeFactory.instance.objectNode().put("mode", "joint");
        this.server = new ExtractionServer(engine, model, config).start();
    }

    /** The test model behind a server with the default limits, changed by {@code settings}. */
    static TestServer start(Consumer<ServerConfig> settings) {
        return start(TestEngine.model(), settings);
    }

    static TestServer start(ExtractionEngine engine, Consumer<ServerConfig> settings) {
        ServerConfig config = new ServerConfig();
        config.host = "127.0.0.1";
        config.port = 0;
        settings.accept(config);
        return new TestServer(engine, config);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> extract(String json) {
        return post("/v1/extract", json);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return DocumentJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** A JSON string literal for {@code text}. */
    static String quote(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
