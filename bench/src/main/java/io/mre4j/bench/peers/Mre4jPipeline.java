package io.mre4j.bench.peers;

import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.util.List;
import java.util.Map;

/** mre4j's joint model with the default config; early stopping on the dev set when one is given. */
final class Mre4jPipeline implements Pipeline {
    private JointModel model;

    @Override
    public void train(List<Document> train, List<Document> dev) {
        model = new JointTrainer(new TrainingConfig(), new TrainingListener() {
        }).train("bench", train, dev, Map.of());
    }

    @Override
    public List<Document> predict(List<Document> documents) {
        return model.extract(documents);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
