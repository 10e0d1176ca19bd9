package io.mre4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.DocumentJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routes of the API over real sockets, answered by a real joint model. */
class ApiTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void extractAnswersOneDocumentInTheUniformSchemaWithScores() throws Exception {
        Document expected = TestEngine.model().extract(List.of(Document.unlabelled("0", "en",
                "Maria Okafor scored twice on Saturday."))).get(0);
        HttpResponse<String> response = server.extract("{\"text\": \"Maria Okafor scored twice on Saturday.\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode documents = TestServer.json(response).get("documents");
        assertEquals(1, documents.size());
        Document answered = DocumentJson.fromNode(documents.get(0));
        assertEquals(expected, answered, "the server answers what the engine predicts");
        assertEquals(TestEngine.model().schema().textLabels().size(), answered.scores().labels().size());
        assertEquals(answered.spans().size(), answered.scores().spans().size());
        assertFalse(TestServer.json(response).has("evidence"), "evidence only when asked for");
    }

    @Test
    void extractAnswersABatchInRequestOrderWithItsLanguage() throws Exception {
        List<String> texts = List.of("Orbitel will release its new phone in Berlin.", "東京から大阪へ行く。",
                "Voters in Lyon elected a new mayor.");
        HttpResponse<String> response = server.extract("{\"texts\": [" + TestServer.quote(texts.get(0)) + ", "
                + TestServer.quote(texts.get(1)) + ", " + TestServer.quote(texts.get(2)) + "], \"lang\": \"en\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode documents = TestServer.json(response).get("documents");
        assertEquals(3, documents.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(String.valueOf(i), documents.get(i).get("id").asText());
            assertEquals(texts.get(i), documents.get(i).get("text").asText());
            assertEquals("en", documents.get(i).get("lang").asText());
        }
        JsonNode japanese = TestServer.json(server.extract("{\"text\": \"東京から大阪へ行く。\", \"lang\": \"ja\"}"));
        assertEquals("ja", japanese.get("documents").get(0).get("lang").asText());
        assertFalse(japanese.has("warnings"), "ja is one of the model's languages");
    }

    @Test
    void aLanguageTheModelNeverSawIsServedWithAWarning() {
        JsonNode answer = TestServer.json(server.extract("{\"text\": \"hallo welt\", \"lang\": \"de\"}"));
        assertTrue(answer.get("warnings").get(0).asText().contains("not 'de'"), answer.toString());
    }

    @Test
    void evidenceIsTheChangeInLabelProbabilityWhenTheModelPredictsTheTextWithoutTheSpan() throws Exception {
        String text = TestEngine.englishTrainingText().text();
        HttpResponse<String> response = server.extract("{\"text\": " + TestServer.quote(text)
                + ", \"evidence\": true}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = TestServer.json(response);
        Document predicted = DocumentJson.fromNode(answer.get("documents").get(0));
        JsonNode evidence = answer.get("evidence").get(0);
        assertFalse(predicted.spans().isEmpty(), "the model finds spans in a training text");
        assertEquals(predicted.spans().size(), evidence.get("spans").size());
        assertEquals(predicted.labels().size(), evidence.get("labels").size());
        for (int i = 0; i < predicted.spans().size(); i++) {
            JsonNode entry = evidence.get("spans").get(i);
            String without = OcclusionEvidence.without(text, predicted.spans().get(i));
            assertEquals(without, entry.get("textWithout").asText());
            assertFalse(without.contains(entry.get("surface").asText() + " "), without);
            Document again = DocumentJson.fromNode(TestServer.json(server.extract("{\"text\": "
                    + TestServer.quote(without) + "}")).get("documents").get(0));
            assertEquals(again.labels().toString(), entry.get("labelsWithout").toString().replace("\"", ""));
            for (String label : predicted.labels()) {
                double effect = predicted.scores().labels().get(label) - again.scores().labels().get(label);
                assertEquals(effect, entry.get("effect").get(label).asDouble(), 1e-3, label + " without span " + i);
            }
        }
    }

    @Test
    void schemaShowsTheModelsSchemaSummaryAndLimits() {
        HttpResponse<String> response = server.get("/v1/schema");
        assertEquals(200, response.statusCode());
        JsonNode answer = TestServer.json(response);
        assertEquals(TestEngine.model().schema().textLabels().toString(),
                answer.get("schema").get("textLabels").toString().replace("\"", "").replace(",", ", "));
        assertEquals("[en, ja]", answer.get("schema").get("languages").toString().replace("\"", "")
                .replace(",", ", "));
        assertEquals("joint", answer.get("model").get("mode").asText());
        assertEquals(64, answer.get("limits").get("maxBatch").asInt());
        assertEquals(10_000, answer.get("limits").get("maxTextChars").asInt());
        assertFalse(answer.get("authentication").asBoolean());
    }

    @Test
    void healthAndReadinessAnswer200WhenServing() throws InterruptedException {
        assertEquals(200, server.get("/healthz").statusCode());
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> ready = server.get("/readyz");
        while (ready.statusCode() != 200 && System.currentTimeMillis() < deadline) {
            assertEquals(503, ready.statusCode(), "warming up");
            Thread.sleep(50);
            ready = server.get("/readyz");
        }
        assertEquals("ready", TestServer.json(ready).get("status").asText());
    }

    @Test
    void metricsCountRequestsByRouteAndStatusInPrometheusFormat() {
        server.extract("{\"text\": \"Voters in Lyon elected a new mayor.\"}");
        server.extract("{\"text\": 1}");
        server.get("/no/such/route");
        HttpResponse<String> response = server.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String metrics = response.body();
        assertTrue(count(metrics, "mre4j_http_requests_total{route=\"/v1/extract\",method=\"POST\",status=\"200\"}")
                >= 1, metrics);
        assertTrue(count(metrics, "mre4j_http_requests_total{route=\"/v1/extract\",method=\"POST\",status=\"400\"}")
                >= 1, metrics);
        assertTrue(count(metrics, "mre4j_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"}") >= 1,
                metrics);
        assertEquals(1, count(metrics, "mre4j_http_requests_in_flight"), "the metrics request itself");
        assertTrue(count(metrics, "mre4j_documents_processed_total") >= 1, metrics);
        long total = count(metrics, "mre4j_http_request_duration_seconds_count{route=\"/v1/extract\"}");
        assertEquals(total, count(metrics, "mre4j_http_request_duration_seconds_bucket{route=\"/v1/extract\","
                + "le=\"+Inf\"}"));
        long previous = 0;
        for (double bound : Metrics.BUCKETS) {
            String le = bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
            long bucket = count(metrics, "mre4j_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\""
                    + le + "\"}");
            assertTrue(bucket >= previous, "buckets are cumulative");
            previous = bucket;
        }
        assertTrue(metrics.contains("# TYPE mre4j_http_request_duration_seconds histogram"));
        for (String line : metrics.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z0-9_]+(\\{[^}]*})? [0-9.E+-]+"), "not Prometheus text: " + line);
        }
    }

    @Test
    void openApiDescribesEveryRouteTheServerAnswers() throws Exception {
        HttpResponse<String> response = server.get("/openapi.json");
        assertEquals(200, response.statusCode());
        JsonNode api = TestServer.json(response);
        assertEquals("3.0.3", api.get("openapi").asText());
        Set<String> described = new TreeSet<>();
        for (Iterator<String> it = api.get("paths").fieldNames(); it.hasNext(); ) {
            described.add(it.next());
        }
        Set<String> served = new TreeSet<>(List.of("/", "/openapi.json", "/healthz", "/readyz", "/metrics",
                "/v1/schema", "/v1/extract"));
        assertEquals(served, described);
        for (String path : served) {
            int status = path.equals("/v1/extract") ? server.extract("{\"text\": \"x\"}").statusCode()
                    : server.get(path).statusCode();
            assertEquals(200, status, path);
        }
        assertTrue(api.get("paths").get("/v1/extract").get("post").get("requestBody").toString().contains("evidence"));
        assertTrue(api.get("components").get("schemas").has("Evidence"));
    }

    @Test
    void thePageAndItsAssetsComeFromTheJarAndLoadNothingFromElsewhere() {
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), policy);
        List<String> sources = new ArrayList<>(List.of(page.body()));
        for (String asset : List.of("/app.js", "/app.css")) {
            HttpResponse<String> response = server.get(asset);
            assertEquals(200, response.statusCode(), asset);
            sources.add(response.body());
        }
        Pattern external = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}|@import|url\\(");
        for (String source : sources) {
            Matcher m = external.matcher(source);
            assertFalse(m.find(), "an external reference: " + (m.hitEnd() ? "" : m.group()));
        }
        assertTrue(page.body().contains("data-lang=\"ja\"") && page.body().contains("data-lang=\"en\""),
                "examples in English and Japanese");
    }

    /** The value of the metric line that starts with {@code name} (with its labels), or -1. */
    private static long count(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        return -1;
    }
}
