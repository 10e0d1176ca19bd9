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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --engine gen, info, predict and eval of a generator through the real command, on a tiny corpus. */
class GenCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TinyCorpus.write(dir);
        Path config = Files.writeString(dir.resolve("gen.json"), "{\"maxEpochs\": 4, \"hidden\": 16, "
                + "\"wordDim\": 16, \"decoderHidden\": 16, \"tokenDim\": 8, \"batchSize\": 4}");
        model = dir.resolve("tiny-gen.mre");
        Cli train = Cli.run("train", "--engine", "gen", "--train", data, "--dev", data, "--out", model, "--config",
                config, "--seed", 7);
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().startsWith("wrote " + model + " (generator"), train.out());
        assertTrue(train.err().contains("epoch  1  loss"), train.err());
    }

    @Test
    void infoSaysItIsAGenerator() {
        Cli info = Cli.run("info", model);
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("engine       gen (sequence-to-sequence generator), dialect ner"), info.out());
        assertTrue(info.out().contains("decoderHidden"), info.out());
    }

    @Test
    void evalReportsFormatValidityUnderEachConstraint() throws IOException {
        for (String constraint : List.of("full", "first-token", "none")) {
            Cli eval = Cli.run("eval", "--engine", "gen", "--model", model, "--constraint", constraint, "--data",
                    data, "--json");
            assertEquals(0, eval.code(), eval.toString());
            JsonNode scores = DocumentJson.MAPPER.readTree(eval.out());
            double valid = scores.get("format.valid").asDouble();
            double grounded = scores.get("format.grounded").asDouble();
            assertTrue(valid >= 0 && valid <= grounded && grounded <= 1, eval.out());
            if (constraint.equals("full")) {
                assertEquals(1.0, valid, eval.out());
            }
            assertTrue(scores.has("tl.accuracy") && scores.has("wl.f1"), eval.out());
            assertTrue(eval.err().contains("texts decoded in"), eval.err());
        }
    }

    @Test
    void predictFindsTheGeneratorFromTheBundle() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"x\",\"text\":\"fly to denver\"}\n");
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("predict", "--model", model, in, out);
        assertEquals(0, cli.code(), cli.toString());
        JsonNode doc = DocumentJson.MAPPER.readTree(Files.readAllLines(out).get(0));
        assertEquals(1, doc.get("labels").size(), doc.toString());
        assertTrue(List.of("flight", "airfare").contains(doc.get("labels").get(0).asText()));
        for (JsonNode span : doc.get("spans")) {
            assertEquals("city", span.get("label").asText());
            assertTrue(span.get("end").asInt() <= "fly to denver".length());
        }
    }

    @Test
    void badDecodingOptionsAreUsageErrors() {
        Cli constraint = Cli.run("eval", "--engine", "gen", "--model", model, "--constraint", "some", "--data", data);
        assertEquals(Mre4j.USAGE, constraint.code(), constraint.toString());
        assertTrue(constraint.err().contains("unknown constraint 'some'"), constraint.err());
        Cli mode = Cli.run("train", "--engine", "gen", "--mode", "text", "--train", data, "--out",
                dir.resolve("x.mre"));
        assertEquals(Mre4j.USAGE, mode.code(), mode.toString());
        Cli engine = Cli.run("train", "--engine", "crf", "--train", data, "--out", dir.resolve("y.mre"));
        assertEquals(Mre4j.USAGE, engine.code(), engine.toString());
    }

    @Test
    void studyEngineGenComparesTheThreeConstraints() throws IOException {
        Path config = Files.writeString(dir.resolve("gen-study.json"), "{\"maxEpochs\": 2, \"hidden\": 8, "
                + "\"wordDim\": 8, \"decoderHidden\": 8, \"tokenDim\": 4, \"batchSize\": 4}");
        Path out = dir.resolve("slg-study");
        Cli study = Cli.run("study", "--engine", "gen", "--train", data, "--dev", data, "--test", data, "--config",
                config, "--seeds", 1, "--out", out);
        assertEquals(0, study.code(), study.toString());
        JsonNode results = DocumentJson.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(3, results.get("rows").size());
        assertEquals("none", results.get("rows").get(0).get("constraint").asText());
        JsonNode full = results.get("rows").get(2);
        assertEquals("full", full.get("constraint").asText());
        assertEquals(1.0, full.get("format.valid").asDouble(), "the full constraint is always valid");
        assertEquals(1.0, full.get("format.grounded").asDouble());
        assertTrue(Files.readString(out.resolve("report.md")).contains("| first-token |"), study.out());
    }
}
