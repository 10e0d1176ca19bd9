package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.io.DocumentJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat client for the two wire protocols LLM servers speak: OpenAI-compatible chat completions
 * ({@code POST /v1/chat/completions}: vLLM, llama.cpp's server, hosted APIs) and Ollama ({@code POST /api/chat}). It
 * is a plain {@link HttpClient}: the request and answer shapes are small and fixed, and LangChain4j's model classes
 * would add a large dependency tree while hiding the two things we need to control, the JSON-schema constraint field
 * of each protocol and the raw answer text that the repair step reads.
 * <ul>
 *   <li>The constraint: a JSON schema goes in OpenAI's {@code response_format} ({@code json_schema}, strict) or
 *       Ollama's {@code format}.</li>
 *   <li>Retries: a 429, a 5xx, a timeout or a refused connection is retried up to {@code retries} times, waiting
 *       {@code Retry-After} when the server sends it, else {@code backoff} doubling each time. Another 4xx fails at
 *       once.</li>
 *   <li>Streaming: server-sent events (OpenAI) or JSON lines (Ollama), joined into one answer.</li>
 *   <li>At most {@code maxConcurrency} calls are in flight from one client.</li>
 *   <li>With a cache folder, answers are kept on disk under the SHA-256 of the protocol and the whole request body
 *       (model, messages, constraint, sampling), so a repeated request costs nothing.</li>
 * </ul>
 * Thread-safe.
 */
public final class ChatClient {
    /** The wire protocol of the server. */
    public enum Protocol {
        OPENAI("v1/chat/completions"),
        OLLAMA("api/chat");

        private final String path;

        Protocol(String path) {
            this.path = path;
        }

        public static Protocol parse(String name) {
            for (Protocol p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown LLM protocol '" + name + "' (openai or ollama)");
        }
    }

    private final Protocol protocol;
    private final LlmSettings settings;
    private final HttpClient http;
    private final Semaphore slots;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private final Path cache;

    public ChatClient(Protocol protocol, LlmSettings settings) {
        this(protocol, settings, null);
    }

    /** A client that keeps answers in {@code cache} (a folder, created when needed), or none when null. */
    public ChatClient(Protocol protocol, LlmSettings settings, Path cache) {
        this.protocol = protocol;
        this.settings = settings;
        this.cache = cache;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.slots = new Semaphore(settings.maxConcurrency(), true);
    }

    public Protocol protocol() {
        return protocol;
    }

    public LlmSettings settings() {
        return settings;
    }

    /** Calls made so far, each retry counted once more in {@link #retries()}. */
    public int calls() {
        return calls.get();
    }

    public int retries() {
        return retried.get();
    }

    /** Answers taken from the cache instead of the server. */
    public int cacheHits() {
        return cached.get();
    }

    /**
     * The assistant's answer to {@code messages}.
     *
     * @param jsonSchema the JSON schema the answer must follow, passed to the server as its constraint, or null
     * @throws LlmException when the server fails for good or answers in a shape neither protocol has
     */
    public String complete(List<ChatMessage> messages, JsonNode jsonSchema) {
        return complete(messages, jsonSchema, null);
    }

    /**
     * The assistant's answer to {@code messages}, constrained by a JSON schema, a GBNF grammar, both or neither.
     *
     * @param grammar a GBNF grammar sent in the request's {@code grammar} field (llama.cpp's server), or null
     * @throws IllegalArgumentException for a grammar on the Ollama protocol, which takes none
     */
    public String complete(List<ChatMessage> messages, JsonNode jsonSchema, String grammar) {
        String body = requestBody(messages, jsonSchema, grammar).toString();
        Path entry = cache == null ? null : cache.resolve(key(body) + ".txt");
        if (entry != null && Files.isRegularFile(entry)) {
            try {
                String answer = Files.readString(entry, StandardCharsets.UTF_8);
                cached.incrementAndGet();
                return answer;
            } catch (IOException e) {
                // an unreadable entry is asked again and rewritten
            }
        }
        slots.acquireUninterruptibly();
        String answer;
        try {
            calls.incrementAndGet();
            answer = send(body);
        } finally {
            slots.release();
        }
        if (entry != null) {
            store(entry, answer);
        }
        return answer;
    }

    private String key(String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((protocol.name() + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a cache entry through a temporary file, so that a reader never sees half of it. */
    private static void store(Path entry, String answer) {
        try {
            Files.createDirectories(entry.getParent());
            Path temporary = Files.createTempFile(entry.getParent(), "answer", ".tmp");
            Files.writeString(temporary, answer, StandardCharsets.UTF_8);
            Files.move(temporary, entry, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the LLM answer cache " + entry.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The request body in this client's protocol. */
    ObjectNode requestBody(List<ChatMessage> messages, JsonNode jsonSchema, String grammar) {
        if (grammar != null && protocol == Protocol.OLLAMA) {
            throw new IllegalArgumentException("Ollama's /api/chat takes no grammar; use the JSON schema");
        }
        ObjectNode body = DocumentJson.MAPPER.createObjectNode();
        body.put("model", settings.model());
        ArrayNode list = body.putArray("messages");
        for (ChatMessage m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("stream", settings.stream());
        ObjectNode options = protocol == Protocol.OLLAMA ? body.putObject("options") : body;
        if (settings.temperature() != null) {
            options.put("temperature", settings.temperature());
        }
        if (settings.seed() != null) {
            options.put("seed", settings.seed());
        }
        if (jsonSchema != null) {
            if (protocol == Protocol.OLLAMA) {
                body.set("format", jsonSchema);
            } else {
                ObjectNode format = body.putObject("response_format").put("type", "json_schema");
                format.putObject("json_schema").put("name", "extraction").put("strict", true)
                        .set("schema", jsonSchema);
            }
        }
        if (grammar != null) {
            body.put("grammar", grammar);
        }
        return body;
    }

    private String send(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.resolve(protocol.path))
                .timeout(settings.timeout()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        String last = "";
        int lastStatus = 0;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt, 20));
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                if (lastStatus == 200) {
                    return settings.stream() ? streamedContent(response.body()) : content(response.body());
                }
                last = "HTTP " + lastStatus + ": " + excerpt(response.body());
                if (lastStatus != 429 && lastStatus < 500) {
                    throw new LlmException(where() + " refused the request: " + last, lastStatus);
                }
                wait = response.headers().firstValue("Retry-After").map(ChatClient::seconds).orElse(wait);
            } catch (IOException e) {
                last = e instanceof java.net.http.HttpTimeoutException
                        ? "no answer within " + settings.timeout().toMillis() + " ms"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastStatus = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException(where() + ": interrupted", 0);
            }
            if (attempt < settings.retries()) {
                retried.incrementAndGet();
                sleep(wait);
            }
        }
        throw new LlmException(where() + " failed after " + (settings.retries() + 1) + " attempts; last: " + last,
                lastStatus);
    }

    private String where() {
        return settings.resolve(protocol.path).toString();
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The answer text of a non-streamed answer. */
    private String content(String body) {
        JsonNode node = readJson(body);
        JsonNode text = protocol == Protocol.OLLAMA ? node.path("message").path("content")
                : node.path("choices").path(0).path("message").path("content");
        if (!text.isTextual()) {
            throw new LlmException(where() + " answered without "
                    + (protocol == Protocol.OLLAMA ? "message.content" : "choices[0].message.content") + ": "
                    + excerpt(body), 200);
        }
        return text.asText();
    }

    /** The joined pieces of a streamed answer: server-sent events (OpenAI) or JSON lines (Ollama). */
    private String streamedContent(String body) {
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\r?\n")) {
            String json = line.strip();
            if (protocol == Protocol.OPENAI) {
                if (!json.startsWith("data:")) {
                    continue;
                }
                json = json.substring(5).strip();
                if (json.equals("[DONE]")) {
                    break;
                }
                out.append(readJson(json).path("choices").path(0).path("delta").path("content").asText(""));
            } else if (!json.isEmpty()) {
                JsonNode piece = readJson(json);
                out.append(piece.path("message").path("content").asText(""));
                if (piece.path("done").asBoolean(false)) {
                    break;
                }
            }
        }
        return out.toString();
    }

    private JsonNode readJson(String json) {
        try {
            JsonNode node = DocumentJson.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new LlmException(where() + " answered something that is not a JSON object: " + excerpt(json),
                        200);
            }
            return node;
        } catch (IOException e) {
            throw new LlmException(where() + " answered invalid JSON: " + excerpt(json), 200);
        }
    }

    private static String excerpt(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
