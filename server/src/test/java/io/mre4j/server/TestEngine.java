package io.mre4j.server;

import io.mre4j.core.demo.DemoCorpus;
import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real joint model for the server tests, trained once per test JVM on part of the embedded English and Japanese
 * demo corpus with a small config (a few seconds on two cores).
 */
final class TestEngine {
    private static JointModel model;

    private TestEngine() {
    }

    static synchronized JointModel model() {
        if (model == null) {
            List<Document> english = DemoCorpus.english();
            List<Document> japanese = DemoCorpus.japanese();
            List<Document> train = new ArrayList<>();
            for (int i = 0; i < english.size(); i += 3) {
                train.add(english.get(i));
            }
            for (int i = 0; i < japanese.size(); i += 3) {
                train.add(japanese.get(i));
            }
            TrainingConfig config = new TrainingConfig();
            config.maxEpochs = 5;
            config.learningRate = 0.01f;
            config.hidden = 32;
            config.wordDim = 32;
            config.charDim = 8;
            config.charFilters = 16;
            config.labelDim = 8;
            config.batchSize = 16;
            config.threads = 1;
            model = new JointTrainer(config, TrainingListener.SILENT).train("demo", train, train.subList(0, 40),
                    Map.of());
        }
        return model;
    }

    /** A text of the training data, whose spans the model has learnt. */
    static Document englishTrainingText() {
        return DemoCorpus.english().get(0);
    }
}
