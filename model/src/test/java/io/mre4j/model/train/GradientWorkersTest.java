package io.mre4j.model.train;

import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.model.JointModel;
import io.mre4j.model.TestModels;
import io.mre4j.model.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientWorkersTest {
    @Test
    void shardsCoverTheBatchInOrderWithNoneTooSmall() {
        try (GradientWorkers workers = new GradientWorkers(2)) {
            List<Integer> batch = IntStream.range(0, 9).boxed().toList();
            List<List<Integer>> shards = workers.shards(batch, 4);
            assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7, 8)), shards);
            assertEquals(1, workers.shards(batch.subList(0, 7), 4).size(), "7 documents make no two shards of 4");
            assertEquals(1, workers.shards(batch.subList(0, 1), 4).size());
        }
        try (GradientWorkers one = new GradientWorkers(1)) {
            assertEquals(1, one.shards(IntStream.range(0, 64).boxed().toList(), 4).size());
        }
    }

    @Test
    void dataParallelTrainingLearnsAndEveryWorkerCountIsExact() {
        List<Document> docs = TestModels.corpus();
        // Same-seed trainings in one JVM, after other test classes, differed about one full test run in three (one
        // worker) and half the time (two workers) until DJL's scalar operations were found reading freed memory in
        // the backward pass (Djl.mul).
        try (JointModel one = train(1); JointModel two = train(2); JointModel oneAgain = train(1);
             JointModel twoAgain = train(2)) {
            List<Document> predicted = two.extract(docs);
            EvaluationResult result = Evaluation.evaluate(docs, predicted);
            assertTrue(result.tlAccuracy() >= 0.9, "TL " + result.tlAccuracy());
            assertTrue(result.wlF1() >= 0.9, "WL " + result.wlF1());
            // One worker takes the same batches whole: another model, so the shards really ran in parallel.
            assertNotEquals(predicted, one.extract(docs));
            assertEquals(one.extract(docs), oneAgain.extract(docs));
            assertEquals(predicted, twoAgain.extract(docs));
        }
    }

    private static JointModel train(int workers) {
        TrainingConfig config = TestModels.config("joint");
        config.workers = workers;
        config.batchSize = 16;
        config.weightAverageDecay = 0;
        config.maxEpochs = 20;
        config.patience = 20;
        // Batches hold texts of one token length; four copies of the corpus give every length enough texts to shard.
        List<Document> docs = new ArrayList<>();
        for (int copy = 0; copy < 4; copy++) {
            docs.addAll(TestModels.corpus());
        }
        return new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, TestModels.corpus(), Map.of());
    }
}
