package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LLM engine end to end over the Ollama wire format: prompts, shots, the validation retry, the cache. */
class LlmEngineTest {
    private static final Schema SCHEMA = new Schema("flights", List.of("en"), false,
            List.of("atis_airfare", "atis_flight"), List.of("fromloc", "toloc"), List.of(), List.of(), false);
    private static final List<Document> TRAINING = List.of(
            Document.of("t1", "en", "fares from dallas to miami", List.of("atis_airfare"),
                    List.of(new Span(11, 17, "fromloc"), new Span(21, 26, "toloc"))),
            Document.of("t2", "en", "show me hotels in paris", List.of("atis_flight"), List.of()));

    private static ChatClient client(WireServer server, Path cache) {
        return new ChatClient(ChatClient.Protocol.OLLAMA, LlmSettings.of(server.uri(), "m")
                .withRetries(0, Duration.ofMillis(1)).withMaxConcurrency(1), cache);
    }

    @Test
    void promptsCarryTheSourceStringTheLabelSetsAndTheMostSimilarShot() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.answer(
                "{\"labels\": [\"atis_airfare\"], \"entities\": [{\"type\": \"toloc\", \"text\": \"denver\"}]}"));
             LlmEngine engine = new LlmEngine(SCHEMA, client(server, null), new ShotSelector(TRAINING), 1,
                     ServerConstraint.SCHEMA)) {
            Document out = engine.extract(List.of(Document.unlabelled("q", "en", "fares from boston to denver")))
                    .get(0);
            assertEquals(List.of("atis_airfare"), out.labels());
            assertEquals(List.of(new Span(21, 27, "toloc")), out.spans());
            JsonNode messages = server.received().get(0).body().get("messages");
            assertEquals(4, messages.size(), "system, one example turn and its answer, the text");
            assertTrue(messages.get(0).get("content").asText().contains("atis_airfare, atis_flight"));
            assertTrue(messages.get(0).get("content").asText().contains("fromloc, toloc"));
            assertEquals("fares from dallas to miami<atis_airfare><atis_flight>/NER/",
                    messages.get(1).get("content").asText());
            assertEquals("{\"labels\":[\"atis_airfare\"],\"entities\":[{\"type\":\"fromloc\",\"text\":\"dallas\"},"
                    + "{\"type\":\"toloc\",\"text\":\"miami\"}]}", messages.get(2).get("content").asText());
            assertEquals("fares from boston to denver<atis_airfare><atis_flight>/NER/",
                    messages.get(3).get("content").asText());
            assertEquals("object", server.received().get(0).body().get("format").get("type").asText());
            assertTrue(engine.counts().clean());
        }
    }

    @Test
    void theGrammarConstraintGoesToTheServerInsteadOfTheSchema() throws Exception {
        try (WireServer server = new WireServer().then(WireServer.Reply.answer(
                "{\"labels\": [\"atis_flight\"], \"entities\": [{\"type\": \"toloc\", \"text\": \"new york\"}]}"));
             LlmEngine engine = new LlmEngine(SCHEMA, new ChatClient(ChatClient.Protocol.OPENAI,
                     LlmSettings.of(server.uri(), "m").withRetries(0, Duration.ofMillis(1)), null), null, 0,
                     ServerConstraint.GRAMMAR)) {
            Document out = engine.extract(List.of(Document.unlabelled("q", "en", "flights to new york"))).get(0);
            assertEquals(List.of(new Span(11, 19, "toloc")), out.spans());
            JsonNode body = server.received().get(0).body();
            assertTrue(body.get("response_format") == null, "no JSON schema beside the grammar");
            String grammar = body.get("grammar").asText();
            assertEquals(AnswerGrammar.gbnf(SCHEMA, "flights to new york", "en"), grammar);
            assertTrue(new GbnfMatcher(grammar).accepts(
                    "{\"labels\": [\"atis_flight\"], \"entities\": [{\"type\": \"toloc\", \"text\": \"new york\"}]}"));
        }
    }

    @Test
    void ollamaRefusesAGrammar() {
        ChatClient ollama = new ChatClient(ChatClient.Protocol.OLLAMA,
                LlmSettings.of(java.net.URI.create("http://127.0.0.1:9"), "m"), null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ollama.complete(List.of(ChatMessage.user("hi")), null, "root ::= \"x\""));
        assertTrue(e.getMessage().contains("no grammar"), e.getMessage());
    }

    @Test
    void anInvalidAnswerIsAskedAgainOnceWithWhatWasWrong() throws Exception {
        try (WireServer server = new WireServer()
                .then(WireServer.Reply.answer("{\"labels\": [\"hotel\"], \"entities\": []}"))
                .then(WireServer.Reply.answer("{\"labels\": [\"atis_flight\"], \"entities\": []}"));
             LlmEngine engine = new LlmEngine(SCHEMA, client(server, null), null, 0, ServerConstraint.SCHEMA)) {
            Document out = engine.extract(List.of(Document.unlabelled("q", "en", "flights to denver"))).get(0);
            assertEquals(List.of("atis_flight"), out.labels());
            assertEquals(1, engine.validationRetries());
            JsonNode retry = server.received().get(1).body().get("messages");
            assertEquals("assistant", retry.get(2).get("role").asText());
            assertTrue(retry.get(3).get("content").asText().contains("'hotel' is not one of the labels"),
                    retry.get(3).toString());
            assertEquals(2, engine.counts().answers());
            assertEquals(1, engine.counts().labelsDropped());
        }
    }

    @Test
    void answersAreCachedByPromptAndModel(@TempDir Path cache) throws Exception {
        String answer = "{\"labels\": [\"atis_flight\"], \"entities\": [{\"type\": \"toloc\", \"text\": \"denver\"}]}";
        List<Document> inputs = List.of(Document.unlabelled("q", "en", "flights to denver"));
        try (WireServer server = new WireServer().then(WireServer.Reply.answer(answer))) {
            List<Document> first;
            try (LlmEngine engine = new LlmEngine(SCHEMA, client(server, cache), null, 0, ServerConstraint.SCHEMA)) {
                first = engine.extract(inputs);
            }
            try (LlmEngine again = new LlmEngine(SCHEMA, client(server, cache), null, 0, ServerConstraint.SCHEMA)) {
                assertEquals(first, again.extract(inputs));
                assertEquals(1, again.client().cacheHits());
                assertEquals(0, again.client().calls());
            }
            assertEquals(1, server.received().size(), "the second run never reached the server");
        }
    }
}
