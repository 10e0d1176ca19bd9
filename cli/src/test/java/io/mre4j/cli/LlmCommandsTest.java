package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.doc.Span;
import io.mre4j.gen.llm.WireServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predict, eval and annotate with {@code --engine llm}, against a local server speaking the OpenAI wire format. */
class LlmCommandsTest {
    private static final String SCHEMA = "{\"name\":\"flights\",\"languages\":[\"en\"],\"multiLabel\":false,"
            + "\"textLabels\":[\"atis_airfare\",\"atis_flight\"],\"spanLabels\":[\"fromloc\",\"toloc\"]}";

    @Test
    void predictRepairsTheAnswersAndEvalScoresThem(@TempDir Path dir) throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.json"), SCHEMA);
        Path gold = Files.writeString(dir.resolve("gold.jsonl"),
                "{\"id\":\"a\",\"lang\":\"en\",\"text\":\"fly to denver\",\"labels\":[\"atis_flight\"],"
                        + "\"spans\":[{\"start\":7,\"end\":13,\"label\":\"toloc\"}]}\n"
                        + "{\"id\":\"b\",\"lang\":\"en\",\"text\":\"fares to ＢＯＳＴＯＮ\",\"labels\":[\"atis_airfare\"],"
                        + "\"spans\":[{\"start\":9,\"end\":15,\"label\":\"toloc\"}]}\n");
        try (WireServer server = new WireServer()
                .then(WireServer.Reply.answer("{\"labels\":[\"atis_flight\"],\"entities\":[{\"type\":\"toloc\","
                        + "\"text\":\"denver\"},{\"type\":\"fromloc\",\"text\":\"paris\"}]}"))
                .then(WireServer.Reply.answer("{\"labels\":[\"atis_flight\"],\"entities\":[{\"type\":\"toloc\","
                        + "\"text\":\"denver\"}]}"))
                .then(WireServer.Reply.answer("```json\n{\"labels\":[\"ATIS_AIRFARE\"],\"entities\":[{\"type\":"
                        + "\"toloc\",\"text\":\"boston\"}]}\n```"))
                .then(WireServer.Reply.answer("{\"labels\":[\"atis_airfare\"],\"entities\":[{\"type\":\"toloc\","
                        + "\"text\":\"ＢＯＳＴＯＮ\"}]}"))) {
            Path predictions = dir.resolve("pred.jsonl");
            Cli predict = Cli.run("predict", "--engine", "llm", "--endpoint", server.uri(), "--llm-model", "m",
                    "--schema", schema, "--concurrency", "1", "--no-cache", gold, predictions);
            assertEquals(0, predict.code(), predict.err());
            List<Document> out = Formats.readAll(new JsonlFormat(), predictions, ReadOptions.DEFAULT);
            assertEquals(List.of("atis_flight"), out.get(0).labels());
            assertEquals(List.of(new Span(7, 13, "toloc")), out.get(0).spans());
            assertEquals(List.of("atis_airfare"), out.get(1).labels());
            assertEquals(List.of(new Span(9, 15, "toloc")), out.get(1).spans());
            assertTrue(predict.err().contains("4 calls") && predict.err().contains("2 validation retries"),
                    predict.err());
            Cli eval = Cli.run("eval", "--gold", gold, "--pred", predictions, "--json");
            assertEquals(0, eval.code(), eval.err());
            assertTrue(eval.out().contains("\"all.exactMatch\" : 1.0"), eval.out());
        }
    }

    @Test
    void annotateWritesTrainingDataFromPlainTextAndTheCacheMakesARerunFree(@TempDir Path dir) throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.json"), SCHEMA);
        Path texts = Files.writeString(dir.resolve("texts.txt"), "fly to denver\n\n");
        Path cache = dir.resolve("cache");
        String answer = "{\"labels\":[\"atis_flight\"],\"entities\":[{\"type\":\"toloc\",\"text\":\"denver\"}]}";
        try (WireServer server = new WireServer().then(WireServer.Reply.answer(answer))) {
            for (int run = 0; run < 2; run++) {
                Path out = dir.resolve("annotated" + run + ".jsonl");
                Cli annotate = Cli.run("annotate", "--endpoint", server.uri(), "--llm-model", "m", "--schema",
                        schema, "--cache", cache, texts, out);
                assertEquals(0, annotate.code(), annotate.err());
                List<Document> docs = Formats.readAll(new JsonlFormat(), out, ReadOptions.DEFAULT);
                assertEquals(1, docs.size());
                assertEquals("line-1", docs.get(0).id());
                assertEquals(List.of(new Span(7, 13, "toloc")), docs.get(0).spans());
            }
            assertEquals(1, server.received().size(), "the second run was answered from the cache");
        }
    }

    @Test
    void aFailingServerIsExit4WithOneLineAndNoOutputFile(@TempDir Path dir) throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.json"), SCHEMA);
        Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"text\":\"fly to denver\"}\n");
        try (WireServer server = new WireServer().always(WireServer.Reply.status(503, Map.of("Retry-After", "0")))) {
            Path out = dir.resolve("out.jsonl");
            Cli predict = Cli.run("predict", "--engine", "llm", "--endpoint", server.uri(), "--llm-model", "m",
                    "--schema", schema, "--retries", "1", "--no-cache", input, out);
            assertEquals(4, predict.code(), predict.err());
            assertTrue(predict.err().contains("failed after 2 attempts"), predict.err());
            assertFalse(predict.err().contains("\tat "), "no stack trace");
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void missingLlmOptionsAreUsageErrors(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n");
        Cli noEndpoint = Cli.run("predict", "--engine", "llm", "--llm-model", "m", input, dir.resolve("o.jsonl"));
        assertEquals(2, noEndpoint.code());
        assertTrue(noEndpoint.err().contains("--endpoint"), noEndpoint.err());
        Cli noLabels = Cli.run("predict", "--engine", "llm", "--endpoint", "http://127.0.0.1:9", "--llm-model", "m",
                input, dir.resolve("o.jsonl"));
        assertEquals(2, noLabels.code());
        assertTrue(noLabels.err().contains("--schema FILE or --train PATH"), noLabels.err());
        Cli noModel = Cli.run("predict", input, dir.resolve("o.jsonl"));
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("--model"), noModel.err());
        Path schema = Files.writeString(dir.resolve("schema.json"), "{\"name\":\"t\",\"textLabels\":[\"a\"]}");
        Cli grammarOnOllama = Cli.run("predict", "--engine", "llm", "--endpoint", "http://127.0.0.1:9", "--llm-model",
                "m", "--schema", schema, "--protocol", "ollama", "--server-constraint", "grammar", input,
                dir.resolve("o.jsonl"));
        assertEquals(2, grammarOnOllama.code());
        assertTrue(grammarOnOllama.err().contains("--protocol openai"), grammarOnOllama.err());
        Cli unknown = Cli.run("predict", "--engine", "llm", "--endpoint", "http://127.0.0.1:9", "--llm-model", "m",
                "--schema", schema, "--server-constraint", "regex", input, dir.resolve("o.jsonl"));
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("schema, grammar or none"), unknown.err());
    }
}
