package io.mre4j.model;

import io.mre4j.core.demo.DemoCorpus;
import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class JointTrainerTest {
    @Test
    void learnsTheDemoCorpus() {
        TrainingConfig config = new TrainingConfig();
        config.maxEpochs = 12;
        List<Document> train = DemoCorpus.all();
        long start = System.nanoTime();
        try (JointModel model = new JointTrainer(config, new TrainingListener() {
            @Override
            public void epochDone(int epoch, float loss, Map<String, Double> dev, boolean best) {
                System.out.println("epoch " + epoch + " loss " + loss + " dev " + dev);
            }
        }).train("demo", train, null, Map.of())) {
            System.out.println("trained in " + (System.nanoTime() - start) / 1e9 + " s");
            EvaluationResult r = Evaluation.evaluate(train, model.extract(train));
            System.out.println(r.toTable());
            assertTrue(r.tlAccuracy() > 0.8, "TL " + r.tlAccuracy());
        }
    }
}
