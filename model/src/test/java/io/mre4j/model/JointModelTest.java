package io.mre4j.model;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.metrics.Evaluation;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import io.mre4j.model.features.Example;
import io.mre4j.model.net.BatchTensors;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JointModelTest {
    @Test
    void jointTrainingLearnsATinyCorpus() {
        TrainingConfig config = TestModels.fittingConfig("joint");
        List<Document> docs = TestModels.corpus();
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs,
                Map.of())) {
            var result = Evaluation.evaluate(docs, model.extract(docs));
            assertTrue(result.tlAccuracy() >= 0.9, "TL " + result.tlAccuracy());
            assertTrue(result.wlF1() >= 0.9, "WL " + result.wlF1());
        }
    }

    /**
     * Label smoothing trains the text head towards 1 - e + e/classes on the gold class instead of 1: with e = 0.5
     * and two classes, 0.75. A text-only model that fits the tiny corpus is then less certain of its labels.
     */
    @Test
    void labelSmoothingKeepsTextScoresFromCertainty() {
        assertEquals(1.0, meanTopTextScore(0f), 0.05);
        double smoothed = meanTopTextScore(0.5f);
        assertTrue(smoothed > 0.6 && smoothed < 0.9, "smoothed top score " + smoothed);
    }

    private static double meanTopTextScore(float smoothing) {
        TrainingConfig config = TestModels.fittingConfig("text");
        config.weightAverageDecay = 0f;
        config.textLabelSmoothing = smoothing;
        List<Document> docs = TestModels.corpus();
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs,
                Map.of())) {
            List<Document> predicted = model.extract(docs);
            var result = Evaluation.evaluate(docs, predicted);
            assertEquals(1.0, result.tlAccuracy(), "TL with smoothing " + smoothing);
            return predicted.stream().mapToDouble(d -> d.scores().labels().values().stream()
                    .mapToDouble(Double::doubleValue).max().orElseThrow()).average().orElseThrow();
        }
    }

    @Test
    void trainingIsDeterministicForASeed() {
        List<Document> docs = TestModels.corpus();
        try (JointModel a = TestModels.train("joint"); JointModel b = TestModels.train("joint")) {
            assertEquals(a.extract(docs), b.extract(docs));
        }
    }

    @Test
    void predictionsStayInsideTheSchemaAndCarryScores() {
        List<Document> docs = TestModels.corpus();
        try (JointModel model = TestModels.train("joint")) {
            Set<String> textLabels = new HashSet<>(model.schema().textLabels());
            Set<String> spanLabels = new HashSet<>(model.schema().spanLabels());
            for (Document d : model.extract(docs)) {
                assertEquals(1, d.labels().size());
                assertTrue(textLabels.containsAll(d.labels()));
                d.spans().forEach(s -> assertTrue(spanLabels.contains(s.label())));
                assertEquals(d.spans().size(), d.scores().spans().size());
                assertEquals(textLabels, d.scores().labels().keySet());
                double total = d.scores().labels().values().stream().mapToDouble(Double::doubleValue).sum();
                assertEquals(1.0, total, 1e-3);
                d.scores().spans().forEach(p -> assertTrue(p >= 0 && p <= 1, "span score " + p));
            }
        }
    }

    /**
     * Prediction batches mix token counts, padded to the longest text and masked: each text's network outputs must be
     * those it gets alone (the backward LSTM reads it reversed within its own length, pooling skips the padding).
     */
    @Test
    void paddingAMixedLengthBatchChangesNoTextsOutputs() {
        for (String mode : List.of("joint", "text", "word")) {
            try (JointModel model = TestModels.train(mode)) {
                assertPaddingChangesNoOutputs(model, mode);
            }
        }
        TrainingConfig config = TestModels.config("joint");
        config.wordVectors = "minilm-en";
        List<Document> corpus = TestModels.corpus();
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", corpus, corpus,
                Map.of())) {
            assertPaddingChangesNoOutputs(model, "joint with word vectors");
        }
        config = TestModels.config("joint");
        config.encoder = "minilm-en";
        config.freezeEncoder = true;
        config.hybridEncoder = true;
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", corpus, corpus,
                Map.of())) {
            assertPaddingChangesNoOutputs(model, "joint with a hybrid encoder");
        }
    }

    private static void assertPaddingChangesNoOutputs(JointModel model, String what) {
        List<Document> docs = List.of(Document.unlabelled("short", "en", "fare to boston"),
                Document.unlabelled("long", "en", "please book a cheap flight from boston to denver tomorrow morning"),
                Document.unlabelled("mid", "en", "fly from boston to denver"));
        try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
            List<Example> examples = docs.stream().map(model.featurizer()::features).toList();
            NDList mixed = BatchTensors.inputs(manager, examples, null, 0, null);
            assertNotNull(mixed.get("tokenMask"), "a batch of mixed lengths is masked");
            NDList together = forward(model, mixed);
            for (int i = 0; i < examples.size(); i++) {
                NDList single = BatchTensors.inputs(manager, List.of(examples.get(i)), null, 0, null);
                assertNull(single.get("tokenMask"), "a text alone needs no mask");
                NDList alone = forward(model, single);
                int length = examples.get(i).length();
                for (String output : List.of("text", "emissions", "evidence")) {
                    if (alone.get(output) == null) {
                        continue;
                    }
                    NDArray row = together.get(output).get(i);
                    if (!output.equals("text")) {
                        row = row.get(new NDIndex("0:" + length));
                    }
                    assertArrayEquals(alone.get(output).get(0).toFloatArray(), row.toFloatArray(), 1e-5f,
                            what + " " + output + " of " + docs.get(i).id());
                }
            }
        }
        // And through the public path: the same labels and spans as alone.
        List<Document> inBatch = model.extract(docs);
        for (int i = 0; i < docs.size(); i++) {
            Document alone = model.extract(List.of(docs.get(i))).get(0);
            assertEquals(alone.labels(), inBatch.get(i).labels(), what);
            assertEquals(alone.spans(), inBatch.get(i).spans(), what);
        }
    }

    /** The network's outputs for one batch's inputs, as the model predicts (no dropout, no gradients). */
    private static NDList forward(JointModel model, NDList inputs) {
        ParameterStore store = new ParameterStore(model.djlModel().getNDManager(), false);
        return model.djlModel().getBlock().forward(store, inputs, false);
    }

    /** Batches group texts of one token count, padded to their longest token: padding must not change anything. */
    @Test
    void aTextGetsTheSamePredictionAloneAndInABatch() {
        List<Document> batch = List.of(Document.unlabelled("a", "en", "fly from boston to denver"),
                Document.unlabelled("b", "en", "fly from internationalisation to denver"));
        try (JointModel model = TestModels.train("joint")) {
            Document inBatch = model.extract(batch).get(0);
            Document alone = model.extract(batch.subList(0, 1)).get(0);
            assertEquals(alone.labels(), inBatch.labels());
            assertEquals(alone.spans(), inBatch.spans());
            assertEquals(alone.scores(), inBatch.scores());
        }
    }

    @Test
    void textModePredictsNoSpansAndWordModeNoLabels() {
        List<Document> docs = TestModels.corpus();
        try (JointModel text = TestModels.train("text"); JointModel word = TestModels.train("word")) {
            text.extract(docs).forEach(d -> {
                assertFalse(d.labels().isEmpty());
                assertTrue(d.spans().isEmpty());
            });
            word.extract(docs).forEach(d -> assertTrue(d.labels().isEmpty()));
        }
    }

    @Test
    void anEmptyTextAndAWhitespaceTextGetALabelAndNoSpans() {
        try (JointModel model = TestModels.train("joint")) {
            List<Document> out = model.extract(List.of(Document.unlabelled("e", "en", ""),
                    Document.unlabelled("w", "en", "   ")));
            for (Document d : out) {
                assertEquals(1, d.labels().size());
                assertTrue(d.spans().isEmpty());
            }
        }
    }

    @Test
    void aTextLongerThanTheLimitIsTaggedOnlyInItsFirstTokens() {
        TrainingConfig config = TestModels.config("joint");
        config.maxTokens = 4;
        List<Document> docs = TestModels.corpus();
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs,
                Map.of())) {
            String text = "fly from boston to denver to boston to denver";
            Document d = model.extract(List.of(Document.unlabelled("long", "en", text))).get(0);
            for (Span s : d.spans()) {
                assertTrue(s.end() <= "fly from boston to".length(), "span after the limit: " + s);
            }
            assertEquals(1, d.labels().size());
        }
    }

    @Test
    void labelsMissingFromTrainAreCountedNotFatal() {
        List<Document> docs = TestModels.corpus();
        List<Document> dev = List.of(Document.of("d", "en", "fly to rome", List.of("ground_service"),
                List.of(new Span(7, 11, "city"))));
        try (JointModel model = new JointTrainer(TestModels.config("joint"), TrainingListener.SILENT)
                .train("tiny", docs, dev, Map.of())) {
            assertEquals(Map.of("text:ground_service", 1, "span:city", 1),
                    model.provenance().get("devLabelsUnseenInTrain"));
        }
    }
}
