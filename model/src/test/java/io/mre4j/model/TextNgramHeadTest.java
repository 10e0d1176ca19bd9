package io.mre4j.model;

import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextNgramHeadTest {
    @Test
    void theNgramPartLearnsAndSurvivesTheBundle(@TempDir Path dir) {
        List<Document> docs = TestModels.corpus();
        TrainingConfig config = TestModels.config("joint");
        config.textNgramBuckets = 1024;
        config.maxEpochs = 30;
        config.patience = 30;
        config.learningRate = 0.01f;
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs,
                Map.of()); JointModel without = TestModels.train("joint")) {
            List<Document> predicted = model.extract(docs);
            assertTrue(Evaluation.evaluate(docs, predicted).tlAccuracy() >= 0.9);
            assertNotEquals(without.extract(docs), predicted, "the n-gram weights change the scores");
            Path path = dir.resolve("m.mre");
            ModelBundle.write(model, path);
            try (JointModel loaded = ModelBundle.read(path)) {
                assertEquals(predicted, loaded.extract(docs));
                assertEquals(1024, loaded.config().textNgramBuckets);
            }
        }
    }
}
