package io.mre4j.model.train;

import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TestModels;
import io.mre4j.model.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A trained model's manager holds its weights and nothing else, however long it trained. DJL gives the result of an
 * operation on a parameter's array to the parameter's manager, the model's; before {@code Djl.inBatch} the CRF loss
 * left one transition-score array there every step, so a full ATIS training kept thousands of them.
 */
class ModelMemoryTest {
    @Test
    void longerTrainingLeavesNoMoreArraysInTheModel() {
        assertEquals(arraysAfter(2), arraysAfter(6), "arrays in the model's manager after 2 and after 6 epochs");
    }

    private static int arraysAfter(int epochs) {
        TrainingConfig config = TestModels.config("joint");
        config.maxEpochs = epochs;
        config.patience = epochs;
        List<Document> docs = TestModels.corpus();
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs, Map.of())) {
            model.extract(docs);
            return model.djlModel().getNDManager().getManagedArrays().size();
        }
    }
}
