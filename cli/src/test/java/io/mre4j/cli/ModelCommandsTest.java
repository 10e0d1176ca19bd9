package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train, predict, eval --model and info through the real command, on a tiny corpus with a tiny config. */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path config;
    static Path model;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TinyCorpus.write(dir);
        config = Files.writeString(dir.resolve("run.json"), "{\"maxEpochs\": 3, \"hidden\": 16, \"wordDim\": 16, "
                + "\"charDim\": 8, \"charFilters\": 8, \"labelDim\": 8, \"batchSize\": 4, \"threads\": 1}");
        model = dir.resolve("tiny.mre");
        Cli train = Cli.run("train", "--train", data, "--dev", data, "--out", model, "--config", config, "--seed", 7,
                "--monitor", data);
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().startsWith("wrote " + model), train.out());
        assertTrue(train.err().contains("epoch  1  loss"), train.err());
        // The monitored set is the dev set here, so each epoch's monitor line repeats the dev scores after it.
        List<String> lines = train.err().lines().toList();
        int monitored = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            String prefix = "          " + data + " ";
            if (lines.get(i).startsWith(prefix)) {
                monitored++;
                String scores = lines.get(i).substring(prefix.length());
                assertTrue(scores.contains("tl.accuracy") && lines.get(i + 1).contains("dev " + scores),
                        lines.get(i) + " / " + lines.get(i + 1));
            }
        }
        assertEquals(3, monitored, train.err());
    }

    @Test
    void predictWritesLabelsSpansAndScoresForTextOnlyInput() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"x\",\"text\":\"fly to denver\"}\n");
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("predict", "--model", model, in, out);
        assertEquals(0, cli.code(), cli.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals(1, lines.size());
        JsonNode doc = DocumentJson.MAPPER.readTree(lines.get(0));
        assertEquals("x", doc.get("id").asText());
        assertEquals("en", doc.get("lang").asText(), "a document without lang gets the model's language");
        assertEquals(1, doc.get("labels").size());
        assertTrue(List.of("flight", "airfare").contains(doc.get("labels").get(0).asText()));
        assertEquals(2, doc.get("scores").get("labels").size());
        assertEquals(doc.get("spans").size(), doc.get("scores").get("spans").size());
    }

    @Test
    void predictWarnsWhenTheLanguageDiffersFromTheModels() throws IOException {
        Path in = Files.writeString(dir.resolve("ja.jsonl"), "{\"id\":\"j\",\"lang\":\"ja\",\"text\":\"東京へ行く\"}\n");
        Cli cli = Cli.run("predict", "--model", model, in, dir.resolve("ja-out.jsonl"));
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.err().contains("warning: the model was trained on [en] but the input has {ja=1}"), cli.err());
    }

    @Test
    void evalWithAModelHasTheSameKeysAsEvalOfFiles() throws IOException {
        Cli cli = Cli.run("eval", "--model", model, "--data", data, "--json");
        assertEquals(0, cli.code(), cli.toString());
        JsonNode scores = DocumentJson.MAPPER.readTree(cli.out());
        for (String key : List.of("tl.accuracy", "tl.microF1", "tl.macroF1", "wl.precision", "wl.recall", "wl.f1",
                "wl.spanF1", "all.exactMatch")) {
            double value = scores.get(key).asDouble();
            assertTrue(value >= 0 && value <= 1, key + " = " + value);
        }
    }

    @Test
    void evalCountsGoldLabelsTheModelNeverSaw() throws IOException {
        Path test = Files.writeString(dir.resolve("unseen.jsonl"), "{\"id\":\"u\",\"lang\":\"en\",\"text\":"
                + "\"hotel in boston\",\"labels\":[\"hotel\"],\"spans\":[{\"start\":9,\"end\":15,"
                + "\"label\":\"town\"}]}\n");
        Cli cli = Cli.run("eval", "--model", model, "--data", test);
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.err().contains("never saw in training") && cli.err().contains("{span:town=1, text:hotel=1}"),
                cli.err());
    }

    @Test
    void evalNeedsEitherFilesOrAModel() {
        assertEquals(2, Cli.run("eval", "--model", model).code());
        assertEquals(2, Cli.run("eval", "--gold", data, "--model", model, "--data", data).code());
    }

    @Test
    void infoShowsTheManifest() throws IOException {
        Cli cli = Cli.run("info", model);
        assertEquals(0, cli.code(), cli.toString());
        assertTrue(cli.out().contains("mode         joint, text head softmax"), cli.out());
        assertTrue(cli.out().contains("seed"), cli.out());
        assertTrue(cli.out().contains("word vectors minilm-en, referenced in dev.langchain4j:"), "auto, English data: "
                + cli.out());
        JsonNode manifest = DocumentJson.MAPPER.readTree(Cli.run("info", model, "--json").out());
        assertEquals(7, manifest.get("provenance").get("seed").asInt());
        assertEquals(64, manifest.get("provenance").get("trainFileSha256").asText().length());
        assertEquals(3, manifest.get("config").get("maxEpochs").asInt());
    }

    @Test
    void aMissingOrCorruptModelIsExit3WithAClearMessage() throws IOException {
        Cli missing = Cli.run("predict", "--model", dir.resolve("none.mre"), data, dir.resolve("p.jsonl"));
        assertEquals(3, missing.code());
        assertEquals("mre4j: " + dir.resolve("none.mre") + ": no such model file\n", missing.err());
        Path junk = Files.writeString(dir.resolve("junk.mre"), "not a model");
        Cli corrupt = Cli.run("info", junk);
        assertEquals(3, corrupt.code());
        assertTrue(corrupt.err().startsWith("mre4j: " + junk + ": is not an mre4j model"), corrupt.err());
        assertFalse(Files.exists(dir.resolve("p.jsonl")));
    }

    @Test
    void studyWritesTheThreeReportsAndAVerdict() throws IOException {
        Path reports = dir.resolve("study");
        Cli cli = Cli.run("study", "--train", data, "--dev", data, "--test", data, "--seeds", 1, "--config", config,
                "--out", reports);
        assertEquals(0, cli.code(), cli.toString());
        for (String file : List.of("results.json", "report.md", "report.html")) {
            assertTrue(Files.isRegularFile(reports.resolve(file)), file);
        }
        assertTrue(cli.out().contains("| joint |") && cli.out().contains("95% CI"), cli.out());
        assertTrue(cli.out().matches("(?s).*(MRE holds|MRE does not hold|Whether MRE holds is inconclusive).*"), cli.out());
        String html = Files.readString(reports.resolve("report.html"));
        assertTrue(html.contains("<svg") && !html.contains("http://") && !html.contains("https://"));
        JsonNode results = DocumentJson.MAPPER.readTree(reports.resolve("results.json").toFile());
        assertTrue(results.has("verdict"), results.toString());
    }

    @Test
    void studyNeedsAtLeastOneSeed() {
        assertEquals(2, Cli.run("study", "--train", data, "--test", data, "--seeds", 0, "--out",
                dir.resolve("none")).code());
    }

    @Test
    void aBadConfigFieldIsNamed() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"dropout\": 1.5}");
        Cli cli = Cli.run("train", "--train", data, "--out", dir.resolve("x.mre"), "--config", bad);
        assertEquals(3, cli.code());
        assertEquals("mre4j: config field 'dropout' must be in [0, 1)\n", cli.err());
        Path smoothing = Files.writeString(dir.resolve("smoothing.json"), "{\"textLabelSmoothing\": 1}");
        Cli smoothed = Cli.run("train", "--train", data, "--out", dir.resolve("x.mre"), "--config", smoothing);
        assertEquals(3, smoothed.code());
        assertEquals("mre4j: config field 'textLabelSmoothing' must be in [0, 1)\n", smoothed.err());
        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"epochz\": 3}");
        Cli typo = Cli.run("train", "--train", data, "--out", dir.resolve("x.mre"), "--config", unknown);
        assertEquals(3, typo.code());
        assertTrue(typo.err().contains("epochz"), typo.err());
        Cli vectors = Cli.run("train", "--train", data, "--out", dir.resolve("x.mre"), "--word-vectors", "glove");
        assertEquals(3, vectors.code());
        assertTrue(vectors.err().startsWith("mre4j: config field 'wordVectors' must be none, auto,"), vectors.err());
    }
}
