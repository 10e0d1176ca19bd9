package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.slg.SlgDialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat client against a local server speaking the real OpenAI and Ollama wire formats. */
class ChatClientTest {
    private static final Schema SCHEMA = new Schema("flights", List.of("en"), false,
            List.of("atis_airfare", "atis_flight"), List.of("fromloc", "toloc"), List.of(), List.of(), false);
    private static final List<ChatMessage> MESSAGES = List.of(ChatMessage.system("Extract."),
            ChatMessage.user("fly from boston to denver"));

    private static LlmSettings settings(WireServer server) {
        return LlmSettings.of(server.uri(), "test-model").withRetries(2, Duration.ofMillis(5))
                .withTimeout(Duration.ofSeconds(5));
    }

    @Test
    void openAiRequestsCarryTheSchemaSamplingAndKeyAndAnswersAreRead() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.answer("{\"labels\":[\"atis_flight\"]}"))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OPENAI, settings(server).withApiKey("k-123"));
            assertEquals("{\"labels\":[\"atis_flight\"]}", client.complete(MESSAGES, AnswerSchema.of(SCHEMA)));
            WireServer.Received r = server.received().get(0);
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer k-123", r.authorization());
            JsonNode body = r.body();
            assertEquals("test-model", body.get("model").asText());
            assertEquals("system", body.get("messages").get(0).get("role").asText());
            assertEquals("fly from boston to denver", body.get("messages").get(1).get("content").asText());
            assertEquals(0.0, body.get("temperature").asDouble());
            assertEquals(42, body.get("seed").asLong());
            assertEquals(false, body.get("stream").asBoolean());
            JsonNode schema = body.get("response_format").get("json_schema").get("schema");
            assertEquals("json_schema", body.get("response_format").get("type").asText());
            assertEquals("[\"atis_airfare\",\"atis_flight\"]",
                    schema.get("properties").get("labels").get("items").get("enum").toString());
            assertEquals(1, schema.get("properties").get("labels").get("maxItems").asInt());
        }
    }

    @Test
    void ollamaRequestsPutTheSchemaInFormatAndSamplingInOptions() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.answer("ok"))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OLLAMA, settings(server));
            assertEquals("ok", client.complete(MESSAGES, AnswerSchema.of(SCHEMA)));
            WireServer.Received r = server.received().get(0);
            assertEquals("/api/chat", r.path());
            assertEquals(null, r.authorization());
            assertEquals(0.0, r.body().get("options").get("temperature").asDouble());
            assertEquals(42, r.body().get("options").get("seed").asLong());
            assertEquals("[\"fromloc\",\"toloc\"]", r.body().get("format").get("properties").get("entities")
                    .get("items").get("properties").get("type").get("enum").toString());
        }
    }

    @Test
    void streamedAnswersAreJoinedInBothProtocols() throws Exception {
        String answer = "{\"labels\": [\"atis_flight\"], \"entities\": [{\"type\": \"toloc\", \"text\": \"denver\"}]}";
        for (ChatClient.Protocol protocol : ChatClient.Protocol.values()) {
            try (WireServer server = new WireServer().then(WireServer.Reply.answer(answer))) {
                ChatClient client = new ChatClient(protocol, settings(server).withStream(true));
                assertEquals(answer, client.complete(MESSAGES, null), protocol.name());
                assertTrue(server.received().get(0).body().get("stream").asBoolean());
            }
        }
    }

    @Test
    void a429IsRetriedAfterRetryAfterThenSucceeds() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.status(429, Map.of("Retry-After", "0")))
                .then(WireServer.Reply.answer("fine"))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OPENAI, settings(server));
            assertEquals("fine", client.complete(MESSAGES, null));
            assertEquals(1, client.retries());
            assertEquals(2, server.received().size());
        }
    }

    @Test
    void a500ForeverFailsAfterTheRetriesWithTheStatus() throws Exception {
        try (WireServer server = new WireServer().always(WireServer.Reply.status(500, Map.of()))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OLLAMA, settings(server));
            LlmException e = assertThrows(LlmException.class, () -> client.complete(MESSAGES, null));
            assertEquals(500, e.status());
            assertTrue(e.getMessage().contains("failed after 3 attempts"), e.getMessage());
            assertEquals(3, server.received().size());
        }
    }

    @Test
    void anAnswerPastTheTimeoutFailsWithoutHanging() throws Exception {
        try (WireServer server = new WireServer().always(WireServer.Reply.slow("late", 2000))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OPENAI,
                    settings(server).withTimeout(Duration.ofMillis(200)).withRetries(1, Duration.ofMillis(5)));
            long start = System.nanoTime();
            LlmException e = assertThrows(LlmException.class, () -> client.complete(MESSAGES, null));
            assertTrue(e.getMessage().contains("no answer within 200 ms"), e.getMessage());
            assertEquals(0, e.status());
            assertTrue(System.nanoTime() - start < 1_900_000_000L, "waited for the slow answer");
        }
    }

    @Test
    void aClientErrorIsNotRetriedAndAnUnreadableAnswerIsReported() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.status(400, Map.of()))
                .then(WireServer.Reply.raw("<html>oops</html>"))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OPENAI, settings(server));
            LlmException refused = assertThrows(LlmException.class, () -> client.complete(MESSAGES, null));
            assertEquals(400, refused.status());
            assertEquals(1, server.received().size());
            LlmException unreadable = assertThrows(LlmException.class, () -> client.complete(MESSAGES, null));
            assertTrue(unreadable.getMessage().contains("invalid JSON"), unreadable.getMessage());
        }
    }

    /** Scripted bad answers through the real protocol, then repair: the exact documents and counts. */
    @Test
    void badAnswersOverTheWireAreRepairedAndCounted() throws Exception {
        String text = "fly from ＢＯＳＴＯＮ to denver";
        Document input = Document.unlabelled("q", "en", text);
        try (WireServer server = new WireServer()
                .then(WireServer.Reply.answer("{\"labels\": [\"atis_flight\"], \"entities\": ["
                        + "{\"type\": \"fromloc\", \"text\": \"boston\"}, {\"type\": \"toloc\", \"text\": \"denver\"}]}"))
                .then(WireServer.Reply.answer("{\"labels\": [\"hotel\"], \"entities\": ["
                        + "{\"type\": \"toloc\", \"text\": \"paris\"}]}"))
                .then(WireServer.Reply.answer("{\"labels\": [\"atis_flight\"], \"entit"))) {
            ChatClient client = new ChatClient(ChatClient.Protocol.OLLAMA, settings(server));
            AnswerRepair repair = new AnswerRepair(SCHEMA, SlgDialect.NER);
            AnswerRepair.Result first = repair.repair(input, client.complete(MESSAGES, AnswerSchema.of(SCHEMA)));
            assertEquals(List.of("atis_flight"), first.document().labels());
            assertEquals(List.of(new Span(9, 15, "fromloc"), new Span(19, 25, "toloc")), first.document().spans());
            assertEquals(1, first.counts().entitiesNearMiss(), "full-width BOSTON");
            AnswerRepair.Result second = repair.repair(input, client.complete(MESSAGES, AnswerSchema.of(SCHEMA)));
            assertEquals(List.of(), second.document().labels());
            assertEquals(List.of(), second.document().spans());
            AnswerRepair.Result third = repair.repair(input, client.complete(MESSAGES, AnswerSchema.of(SCHEMA)));
            assertEquals(1, third.counts().malformed(), "truncated JSON");
            AnswerRepair.Counts total = first.counts().plus(second.counts()).plus(third.counts());
            assertEquals(new AnswerRepair.Counts(3, 1, 1, 0, 1, 1, 1, 1), total);
        }
    }
}
