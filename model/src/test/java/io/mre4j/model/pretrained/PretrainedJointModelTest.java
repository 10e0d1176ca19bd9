package io.mre4j.model.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TestModels;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.features.Example;
import io.mre4j.model.features.Featurizer;
import io.mre4j.model.features.LabelSpace;
import io.mre4j.model.features.TextHead;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The joint model over a pretrained encoder: training in every mode, the bundle's weight policy, long texts. */
class PretrainedJointModelTest {
    @TempDir
    Path dir;

    private static JointModel train(String mode, boolean frozen) {
        TrainingConfig config = TestModels.config(mode);
        config.encoder = "minilm-en";
        config.freezeEncoder = frozen;
        config.maxEpochs = 1;
        List<Document> docs = TestModels.corpus();
        return new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs, Map.of());
    }

    @Test
    void aFrozenEncoderIsReferencedNotCopiedAndLoadsBackFromItsJar() throws IOException {
        Path path = dir.resolve("frozen.mre");
        List<Document> docs = TestModels.corpus();
        try (JointModel model = train("joint", true)) {
            ModelBundle.write(model, path);
            JsonNode encoder = ModelBundle.readManifest(path).get("encoder");
            assertEquals("referenced", encoder.get("weights").asText());
            assertEquals(PretrainedEncoder.MINILM_EN.artifact(), encoder.get("artifact").asText());
            assertEquals(PretrainedEncoder.MINILM_EN.sha256(), encoder.get("sha256").asText());
            assertTrue(Files.size(path) < 1_000_000, "the 90 MB of encoder weights are not copied: "
                    + Files.size(path));
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(model.extract(docs), loaded.extract(docs));
            }
        }
    }

    @Test
    void aHybridEncoderRunsTheBiLstmOverThePretrainedStatesLearnsAndLoadsBack() throws IOException {
        TrainingConfig config = TestModels.fittingConfig("joint");
        config.encoder = "minilm-en";
        config.freezeEncoder = true;
        config.hybridEncoder = true;
        List<Document> docs = TestModels.corpus();
        Path path = dir.resolve("hybrid.mre");
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs,
                Map.of())) {
            List<String> blocks = model.djlModel().getBlock().getChildren().keys();
            assertTrue(blocks.stream().anyMatch(k -> k.endsWith("bert")), blocks.toString());
            assertTrue(blocks.stream().anyMatch(k -> k.endsWith("forward")), "the BiLSTM is kept: " + blocks);
            var result = io.mre4j.core.metrics.Evaluation.evaluate(docs, model.extract(docs));
            assertTrue(result.tlAccuracy() >= 0.9, "TL " + result.tlAccuracy());
            assertTrue(result.wlF1() >= 0.9, "WL " + result.wlF1());
            ModelBundle.write(model, path);
            assertEquals("referenced", ModelBundle.readManifest(path).get("encoder").get("weights").asText());
            assertTrue(ModelBundle.readManifest(path).get("network").get("hybrid").asBoolean());
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(model.extract(docs), loaded.extract(docs));
            }
        }
    }

    @Test
    void aFineTunedEncoderIsStoredInTheBundle() throws IOException {
        Path path = dir.resolve("tuned.mre");
        List<Document> docs = TestModels.corpus();
        try (JointModel model = train("joint", false)) {
            ModelBundle.write(model, path);
            assertEquals("stored", ModelBundle.readManifest(path).get("encoder").get("weights").asText());
            assertTrue(Files.size(path) > 50_000_000, "the fine-tuned weights are stored: " + Files.size(path));
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(model.extract(docs), loaded.extract(docs));
            }
        }
    }

    @Test
    void aReferencedEncoderWithOtherWeightsIsRefusedWithTheArtifactNamed() throws IOException {
        Path path = dir.resolve("frozen.mre");
        try (JointModel model = train("word", true)) {
            ModelBundle.write(model, path);
        }
        ModelBundle.Contents contents = ModelBundle.open(path);
        ObjectNode root = contents.manifest().deepCopy();
        ((ObjectNode) root.get("encoder")).put("sha256", "0".repeat(64));
        Path other = dir.resolve("other.mre");
        ModelBundle.writeFile(other, root, contents.weights());
        DataException e = assertThrows(DataException.class, () -> ModelBundle.read(other));
        assertTrue(e.getMessage().startsWith(other + ": was trained on the weights of pretrained encoder minilm-en"),
                e.getMessage());
        assertTrue(e.getMessage().contains(PretrainedEncoder.MINILM_EN.artifact()), e.getMessage());
    }

    @Test
    void everyModeTrainsAndPredictsWithThePretrainedEncoder() {
        List<Document> docs = TestModels.corpus();
        for (String mode : List.of("text", "word")) {
            try (JointModel model = train(mode, true)) {
                List<Document> predicted = model.extract(docs);
                assertEquals(docs.size(), predicted.size());
                if (mode.equals("text")) {
                    assertTrue(predicted.stream().allMatch(d -> d.labels().size() == 1 && d.spans().isEmpty()));
                } else {
                    assertTrue(predicted.stream().allMatch(d -> d.labels().isEmpty()));
                    for (Document d : predicted) {
                        d.spans().forEach(s -> assertTrue(s.end() <= d.text().length()));
                    }
                }
            }
        }
    }

    @Test
    void aTextLongerThanTheSubwordLimitIsCutAfterTheLastWholeWord() {
        Document d = Document.of("long", "en", "flights from boston to denver tomorrow", List.of("flight"),
                List.of());
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(PretrainedEncoder.MINILM_EN)) {
            Featurizer featurizer = new Featurizer(new Vocabulary(List.of(), List.of(), true),
                    new LabelSpace(TextHead.SOFTMAX, List.of(List.of("flight")), List.of()), "en", 256, 24,
                    tokenizer, 5, null);
            Example e = featurizer.features(d);
            assertEquals(3, e.tokens().size(), "[CLS] flights from boston [SEP]");
            assertEquals(5, e.subwords().length());
            assertEquals(1, featurizer.truncatedTexts());
            assertNotNull(e.subwords());
            Example whole = new Featurizer(new Vocabulary(List.of(), List.of(), true),
                    new LabelSpace(TextHead.SOFTMAX, List.of(List.of("flight")), List.of()), "en", 256, 24,
                    tokenizer, 512, null).features(d);
            assertEquals(6, whole.tokens().size());
            assertFalse(whole.subwords().length() > 512);
        }
    }
}
