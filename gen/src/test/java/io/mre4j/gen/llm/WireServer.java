package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mre4j.core.io.DocumentJson;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

/**
 * A local HTTP server on loopback that answers {@code POST /v1/chat/completions} and {@code POST /api/chat} with
 * scripted replies in the real OpenAI and Ollama wire formats, streamed or not, and records every request it got.
 */
public final class WireServer implements AutoCloseable {
    /** One scripted reply: a status, the assistant's text (or a raw body), headers, and a delay before answering. */
    public record Reply(int status, String content, String rawBody, Map<String, String> headers, long delayMillis) {
        public static Reply answer(String content) {
            return new Reply(200, content, null, Map.of(), 0);
        }

        public static Reply status(int status, Map<String, String> headers) {
            return new Reply(status, null, "{\"error\":{\"message\":\"scripted " + status + "\"}}", headers, 0);
        }

        public static Reply raw(String body) {
            return new Reply(200, null, body, Map.of(), 0);
        }

        public static Reply slow(String content, long delayMillis) {
            return new Reply(200, content, null, Map.of(), delayMillis);
        }
    }

    /** A request as received: path, headers of interest and the JSON body. */
    public record Received(String path, String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile Reply forever;

    public WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", e -> handle(e, false));
        server.createContext("/api/chat", e -> handle(e, true));
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public WireServer then(Reply reply) {
        script.add(reply);
        return this;
    }

    /** The reply once the script is used up. */
    public WireServer always(Reply reply) {
        forever = reply;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange, boolean ollama) throws IOException {
        JsonNode body = DocumentJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        received.add(new Received(exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        Reply reply = script.poll();
        if (reply == null) {
            reply = forever;
        }
        if (reply == null) {
            reply = Reply.status(500, Map.of());
        }
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        boolean stream = body.path("stream").asBoolean(false);
        String text = reply.rawBody() != null ? reply.rawBody() : wire(reply.content(), ollama, stream,
                body.path("model").asText());
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", stream
                ? (ollama ? "application/x-ndjson" : "text/event-stream") : "application/json");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the client gave up (timeout)
        }
    }

    /** The assistant's text in the protocol's answer shape; streamed answers come in three pieces. */
    private static String wire(String content, boolean ollama, boolean stream, String model) {
        if (!stream) {
            return ollama
                    ? json("{\"model\":%s,\"created_at\":\"2026-11-27T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                    + "\"content\":%s},\"done\":true,\"done_reason\":\"stop\"}", model, content)
                    : json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":%s,"
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":%s},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                    + "\"total_tokens\":2}}", model, content);
        }
        int third = Math.max(1, content.length() / 3);
        List<String> pieces = content.isEmpty() ? List.of("") : List.of(content.substring(0, Math.min(third,
                content.length())), content.substring(Math.min(third, content.length()), Math.min(2 * third,
                content.length())), content.substring(Math.min(2 * third, content.length())));
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            out.append(ollama
                    ? json("{\"model\":%s,\"message\":{\"role\":\"assistant\",\"content\":%s},\"done\":false}", model,
                    piece) + "\n"
                    : "data: " + json("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":%s,"
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":%s},\"finish_reason\":null}]}", model, piece)
                    + "\n\n");
        }
        out.append(ollama ? json("{\"model\":%s,\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}",
                model) + "\n" : "data: [DONE]\n\n");
        return out.toString();
    }

    private static String json(String template, Object... values) {
        Object[] quoted = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                quoted[i] = DocumentJson.MAPPER.writeValueAsString(values[i]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.format(template, quoted);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
