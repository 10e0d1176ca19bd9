package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.gen.llm.WireServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code mre4j serve} through the real command: a trained bundle served over a real socket, and its refusals. */
class ServeCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainOnce() throws IOException {
        String[][] rows = {{"fly from boston to denver", "flight", "boston"},
                {"flights from dallas to miami", "flight", "dallas"},
                {"cheapest fare to seattle", "airfare", "seattle"},
                {"what is the fare to miami", "airfare", "miami"}};
        StringBuilder jsonl = new StringBuilder();
        for (String[] row : rows) {
            int start = row[0].indexOf(row[2]);
            jsonl.append(String.format("{\"id\":\"%s\",\"lang\":\"en\",\"text\":\"%s\",\"labels\":[\"%s\"],\"spans\":"
                    + "[{\"start\":%d,\"end\":%d,\"label\":\"city\"}]}%n", row[2], row[0], row[1], start,
                    start + row[2].length()));
        }
        Path data = Files.writeString(dir.resolve("train.jsonl"), jsonl);
        Path config = Files.writeString(dir.resolve("run.json"), "{\"maxEpochs\": 2, \"hidden\": 8, \"wordDim\": 8, "
                + "\"charDim\": 4, \"charFilters\": 4, \"labelDim\": 4, \"batchSize\": 4}");
        model = dir.resolve("tiny.mre");
        Cli train = Cli.run("train", "--train", data, "--dev", data, "--out", model, "--config", config);
        assertEquals(0, train.code(), train.toString());
    }

    @Test
    void serveAnswersOverHttpUntilInterrupted() throws Exception {
        try (Serving serving = Serving.start("tiny.mre", "--model", model.toString())) {
            HttpResponse<String> extract = serving.post("{\"text\": \"fly to denver\"}");
            assertEquals(200, extract.statusCode(), extract.body());
            JsonNode document = DocumentJson.MAPPER.readTree(extract.body()).get("documents").get(0);
            assertEquals("fly to denver", document.get("text").asText());
            assertEquals(2, document.get("scores").get("labels").size());

            JsonNode schema = DocumentJson.MAPPER.readTree(serving.get("v1/schema").body());
            assertEquals("joint", schema.get("model").get("mode").asText());
            assertEquals(64, schema.get("model").get("weightsSha256").asText().length());
            assertTrue(schema.get("model").get("provenance").has("trainFileSha256"));
            assertFalse(schema.toString().contains(dir.toString()), "no path of the serving machine: " + schema);
        }
    }

    /** Any engine behind the same API: a generator bundle is served as a joint one is, decoded under its grammar. */
    @Test
    void serveAnswersWithAGenerator() throws Exception {
        Path genConfig = Files.writeString(dir.resolve("gen.json"), "{\"maxEpochs\": 2, \"hidden\": 8, "
                + "\"wordDim\": 8, \"decoderHidden\": 8, \"tokenDim\": 4, \"batchSize\": 4}");
        Path generator = dir.resolve("tiny-gen.mre");
        Cli train = Cli.run("train", "--engine", "gen", "--train", dir.resolve("train.jsonl"), "--out", generator,
                "--config", genConfig);
        assertEquals(0, train.code(), train.toString());
        try (Serving serving = Serving.start("tiny-gen.mre", "--model", generator.toString())) {
            HttpResponse<String> extract = serving.post("{\"texts\": [\"fly to denver\", \"fare to miami\"]}");
            assertEquals(200, extract.statusCode(), extract.body());
            JsonNode documents = DocumentJson.MAPPER.readTree(extract.body()).get("documents");
            assertEquals(2, documents.size(), extract.body());
            for (JsonNode document : documents) {
                // The grammar allows exactly one schema label, and spans copied from the text.
                assertEquals(1, document.get("labels").size(), document.toString());
                assertTrue(List.of("flight", "airfare").contains(document.get("labels").get(0).asText()));
                for (JsonNode span : document.get("spans")) {
                    assertEquals("city", span.get("label").asText());
                    assertTrue(span.get("end").asInt() <= document.get("text").asText().length());
                }
            }
            JsonNode schema = DocumentJson.MAPPER.readTree(serving.get("v1/schema").body());
            assertEquals("gen", schema.get("model").get("engine").asText(), schema.toString());
        }
    }

    /** An LLM behind the same API: the answer comes over a real socket in Ollama's wire format, repaired. */
    @Test
    void serveAnswersWithAnLlm() throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.json"), "{\"name\":\"flights\",\"languages\":[\"en\"],"
                + "\"multiLabel\":false,\"textLabels\":[\"airfare\",\"flight\"],\"spanLabels\":[\"city\"]}");
        try (WireServer llm = new WireServer().always(WireServer.Reply.answer("{\"labels\":[\"flight\"],"
                + "\"entities\":[{\"type\":\"city\",\"text\":\"denver\"},{\"type\":\"city\",\"text\":\"paris\"}]}"));
             Serving serving = Serving.start("LLM m", "--engine", "llm", "--endpoint", llm.uri().toString(),
                     "--protocol", "ollama", "--llm-model", "m", "--schema", schema.toString(), "--no-cache")) {
            HttpResponse<String> extract = serving.post("{\"text\": \"fly to denver\"}");
            assertEquals(200, extract.statusCode(), extract.body());
            JsonNode document = DocumentJson.MAPPER.readTree(extract.body()).get("documents").get(0);
            assertEquals("[\"flight\"]", document.get("labels").toString());
            // "paris" is not in the text: the repair drops it; "denver" is grounded to its offsets.
            assertEquals("[{\"start\":7,\"end\":13,\"label\":\"city\"}]", document.get("spans").toString());
            assertTrue(llm.received().stream().anyMatch(r -> r.path().equals("/api/chat")), "Ollama's route");
            JsonNode model = DocumentJson.MAPPER.readTree(serving.get("v1/schema").body()).get("model");
            assertEquals("llm", model.get("engine").asText(), model.toString());
            assertFalse(model.toString().contains(llm.uri().toString()), "no address of the LLM server: " + model);
        }
    }

    /** {@code mre4j serve} running in a thread, and a client for it; closing interrupts it and checks it stopped. */
    private static final class Serving implements AutoCloseable {
        private final Thread thread;
        private final StringWriter out;
        private final StringWriter err;
        private final AtomicInteger code;
        private final URI base;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private Serving(Thread thread, StringWriter out, StringWriter err, AtomicInteger code, URI base) {
            this.thread = thread;
            this.out = out;
            this.err = err;
            this.code = code;
            this.base = base;
        }

        static Serving start(String served, String... engineArgs) throws InterruptedException {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger code = new AtomicInteger(-1);
            List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--workers", "1"));
            args.addAll(List.of(engineArgs));
            Thread thread = new Thread(() -> code.set(Mre4j.execute(args.toArray(String[]::new), new PrintWriter(out),
                    new PrintWriter(err))));
            thread.start();
            Pattern listening = Pattern.compile("serving " + Pattern.quote(served)
                    + " at (http://127\\.0\\.0\\.1:\\d+/)");
            long deadline = System.currentTimeMillis() + 60_000;
            Matcher m = listening.matcher(out.toString());
            while (!m.find()) {
                assertTrue(thread.isAlive() && System.currentTimeMillis() < deadline, out + "\n" + err);
                Thread.sleep(20);
                m = listening.matcher(out.toString());
            }
            return new Serving(thread, out, err, code, URI.create(m.group(1)));
        }

        HttpResponse<String> post(String body) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(base.resolve("v1/extract"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            assertFalse(thread.isAlive());
            assertEquals(0, code.get(), err.toString());
            assertTrue(out.toString().contains("stopped"), out.toString());
        }
    }

    @Test
    void aNonLoopbackHostWithoutAnApiKeyIsRefused() {
        assumeTrue(System.getenv("MRE4J_API_KEY") == null, "MRE4J_API_KEY is set in this environment");
        Cli cli = Cli.run("serve", "--model", model, "--host", "0.0.0.0");
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().contains("refusing to listen on 0.0.0.0 without an API key"), cli.err());
        assertTrue(cli.err().contains("MRE4J_API_KEY"), cli.err());
    }

    @Test
    void aMissingModelIsADataError() {
        Cli cli = Cli.run("serve", "--model", dir.resolve("missing.mre"), "--port", "0");
        assertEquals(3, cli.code(), cli.toString());
        assertFalse(cli.err().contains("\tat "), cli.err());
    }

    @Test
    void aLimitThatCannotWorkIsAUsageError() {
        Cli cli = Cli.run("serve", "--model", model, "--max-batch", "0");
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().contains("the batch limit must be positive, not 0"), cli.err());
    }
}
