package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(Mre4j.execute(new String[] {"serve", "--model", model.toString(),
                "--port", "0", "--workers", "1"}, new PrintWriter(out), new PrintWriter(err))));
        serving.start();
        Pattern listening = Pattern.compile("serving tiny.mre at (http://127\\.0\\.0\\.1:\\d+/)");
        long deadline = System.currentTimeMillis() + 60_000;
        Matcher m = listening.matcher(out.toString());
        while (!m.find()) {
            assertTrue(serving.isAlive() && System.currentTimeMillis() < deadline, out + "\n" + err);
            Thread.sleep(20);
            m = listening.matcher(out.toString());
        }
        URI base = URI.create(m.group(1));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> extract = client.send(HttpRequest.newBuilder(base.resolve("v1/extract"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"fly to denver\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, extract.statusCode(), extract.body());
        JsonNode document = DocumentJson.MAPPER.readTree(extract.body()).get("documents").get(0);
        assertEquals("fly to denver", document.get("text").asText());
        assertEquals(2, document.get("scores").get("labels").size());

        JsonNode schema = DocumentJson.MAPPER.readTree(client.send(HttpRequest.newBuilder(base.resolve("v1/schema"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("joint", schema.get("model").get("mode").asText());
        assertEquals(64, schema.get("model").get("weightsSha256").asText().length());
        assertTrue(schema.get("model").get("provenance").has("trainFileSha256"));
        assertFalse(schema.toString().contains(dir.toString()), "no path of the serving machine: " + schema);

        serving.interrupt();
        serving.join(30_000);
        assertFalse(serving.isAlive());
        assertEquals(0, code.get(), err.toString());
        assertTrue(out.toString().contains("stopped"), out.toString());
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
