package io.mre4j.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.Mode;
import io.mre4j.model.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One tiny end-to-end study: two seeds of three tiny models on a dozen sentences. */
class MreStudyTest {
    private static final String[][] TRAIN = {
            {"weather", "what is the weather in paris today", "paris"},
            {"weather", "will it rain in london tomorrow", "london"},
            {"weather", "is it sunny in rome", "rome"},
            {"weather", "how cold is it in oslo", "oslo"},
            {"weather", "forecast for berlin this week", "berlin"},
            {"weather", "is there snow in vienna", "vienna"},
            {"flight", "book a flight to paris", "paris"},
            {"flight", "flights from london to rome", "london"},
            {"flight", "cheapest ticket to oslo", "oslo"},
            {"flight", "fly to berlin on monday", "berlin"},
            {"flight", "i need a plane to vienna", "vienna"},
            {"flight", "show me flights to madrid", "madrid"},
    };
    private static final String[][] TEST = {
            {"weather", "is it windy in madrid", "madrid"},
            {"flight", "book a ticket to london", "london"},
            {"weather", "weather in berlin tomorrow", "berlin"},
            {"flight", "flights to paris on friday", "paris"},
    };

    @Test
    void tinyStudyWritesTheThreeFiles(@TempDir Path dir) throws Exception {
        TrainingConfig config = new TrainingConfig();
        config.maxEpochs = 2;
        config.hidden = 16;
        config.wordDim = 16;
        config.charFilters = 8;
        config.charDim = 8;
        config.labelDim = 8;
        config.batchSize = 4;
        config.threads = 1;
        config.seed = 7;
        List<String> trained = new ArrayList<>();
        StudyResult result = new MreStudy(config, 2, new MreStudy.Listener() {
            @Override
            public void trained(int index, int total, ModelRun run) {
                trained.add(index + "/" + total + " " + run.mode() + " " + run.seed());
            }
        }).run("toy", documents(TRAIN, "train"), null, documents(TEST, "test"), Map.of("trainPath", "fixture"))
                .withCommand("mre4j study --seeds 2");
        assertEquals(List.of("1/6 joint 7", "2/6 text 7", "3/6 word 7", "4/6 joint 8", "5/6 text 8", "6/6 word 8"),
                trained);
        List<Path> paths = StudyReport.write(result, dir.resolve("out"));
        for (Path p : paths) {
            assertTrue(Files.isRegularFile(p), p + " exists");
        }
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("<svg"));
        assertTrue(Files.readString(dir.resolve("out/report.md")).contains("## Verdict"));

        JsonNode json = DocumentJson.MAPPER.readTree(dir.resolve("out/results.json").toFile());
        assertEquals("mre", json.get("study").asText());
        assertEquals("toy", json.get("name").asText());
        assertEquals("mre4j study --seeds 2", json.get("command").asText());
        assertEquals(List.of(7L, 8L), List.of(json.at("/seeds/0").asLong(), json.at("/seeds/1").asLong()));
        assertEquals(4, json.at("/data/testDocuments").asInt());
        assertEquals(12, json.at("/data/trainDocuments").asInt());
        assertEquals(2, json.at("/config/maxEpochs").asInt());
        assertEquals(1000, json.at("/bootstrap/resamples").asInt());
        assertEquals(8, json.get("runs").size(), "3 models and the pipeline per seed");
        for (String system : List.of("joint", "text", "word", "isolated")) {
            assertTrue(json.at("/summary/" + system + "/trainingSeconds/mean").isNumber(), system);
        }
        for (String metric : List.of("tl.accuracy", "wl.f1", "all.exactMatch")) {
            JsonNode g = json.at("/gains/" + metric);
            assertTrue(g.isObject(), metric);
            assertTrue(g.get("ciLow").asDouble() <= g.get("ciHigh").asDouble(), metric);
            assertTrue(g.get("gain").isNumber() && g.get("sentence").isTextual(), metric);
            assertEquals(2, json.at("/summary/joint/" + metric + "/values").size(), metric);
            assertTrue(json.at("/summary/isolated/" + metric + "/mean").isNumber(), metric);
        }
        assertTrue(json.at("/summary/text/wl.f1").isMissingNode(), "a text-only model has no WL score");
        assertTrue(Set.of("holds", "does not hold", "inconclusive").contains(json.at("/verdict/outcome").asText()));
        assertTrue(json.at("/verdict/rule").asText().startsWith("MRE holds when"));
        assertEquals(result.verdict().words(), json.at("/verdict/outcome").asText());
        // the pipeline's TL is the text-only model's, its WL the word-only model's
        assertEquals(json.at("/summary/text/tl.accuracy/mean").asDouble(),
                json.at("/summary/isolated/tl.accuracy/mean").asDouble(), 1e-12);
        assertEquals(json.at("/summary/word/wl.f1/mean").asDouble(),
                json.at("/summary/isolated/wl.f1/mean").asDouble(), 1e-12);
    }

    @Test
    void dataWithoutSpansSkipsWordLevel() {
        List<Document> train = documents(TRAIN, "train").stream().map(d -> d.withSpans(List.of())).toList();
        List<Document> test = documents(TEST, "test").stream().map(d -> d.withSpans(List.of())).toList();
        TrainingConfig config = new TrainingConfig();
        config.maxEpochs = 1;
        config.hidden = 8;
        config.wordDim = 8;
        config.charFilters = 0;
        config.labelDim = 8;
        config.batchSize = 4;
        config.threads = 1;
        List<Mode> modes = new ArrayList<>();
        StudyResult result = new MreStudy(config, 1, new MreStudy.Listener() {
            @Override
            public io.mre4j.model.train.TrainingListener training(int index, int total, long seed, Mode mode) {
                modes.add(mode);
                return io.mre4j.model.train.TrainingListener.SILENT;
            }
        }).run("toy", train, null, test, Map.of());
        assertEquals(List.of(Mode.JOINT, Mode.TEXT), modes, "no word-only model without spans");
        assertEquals(List.of(StudyMetric.TL), result.metrics());
        assertEquals(Set.of(StudyMetric.TL), result.gains().keySet());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("WL skipped")), result.notes().toString());
        assertTrue(StudyReport.markdown(result).contains("WL skipped"));
    }

    static List<Document> documents(String[][] rows, String prefix) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            String text = rows[i][1];
            int start = text.indexOf(rows[i][2]);
            out.add(Document.of(prefix + i, "en", text, List.of(rows[i][0]),
                    List.of(new Span(start, start + rows[i][2].length(), "city"))));
        }
        return out;
    }
}
