package io.mre4j.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochLoopTest {
    @Test
    void theLatestOfEquallyGoodEpochsWinsAndPatienceCountsFromIt() {
        Djl.engine(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(1).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            Iterator<Double> scores = List.of(0.5, 0.7, 0.6, 0.7, 0.65, 0.69, 0.9).iterator();
            EpochLoop.Outcome outcome = EpochLoop.run(block, manager, 0, 10, 2, TrainingListener.SILENT,
                    () -> List.of(1), batch -> 0.0, () -> Map.of("score", scores.next()));
            assertEquals(4, outcome.bestEpoch(), "epoch 4 ties epoch 2 and is later");
            assertEquals(6, outcome.epochsRun(), "two epochs without a score >= 0.7 after epoch 4 stop the loop");
            assertEquals(0.7, outcome.bestDev().get("score"));
        }
    }
}
