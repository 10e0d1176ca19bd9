package io.mre4j.model.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepsTest {
    @Test
    void overflowingGradientsAreZeroedAndTheStepIsToBeSkipped() {
        assertFalse(clipAfterLossScaledBy(1e30f), "a gradient norm of infinity is reported");
    }

    @Test
    void finiteGradientsAreClippedAndTheStepGoesAhead() {
        assertTrue(clipAfterLossScaledBy(1f));
    }

    private static boolean clipAfterLossScaledBy(float scale) {
        Engine engine = Djl.engine(1);
        try (Model model = Model.newInstance("clip", engine.defaultDevice(), engine.getEngineName())) {
            model.setBlock(Linear.builder().setUnits(2).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3));
                try (NDManager manager = trainer.getManager().newSubManager();
                     GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray x = manager.create(new float[] {scale, scale, scale}, new Shape(1, 3));
                    NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                    collector.backward(out.mul(scale).square().sum());
                }
                boolean finite = TrainingSteps.clipGlobalNorm(trainer, 5f);
                for (var parameter : model.getBlock().getParameters()) {
                    NDArray gradient = parameter.getValue().getArray().getGradient();
                    for (float g : gradient.toFloatArray()) {
                        assertTrue(Float.isFinite(g), "gradient " + g);
                        if (!finite) {
                            assertEquals(0f, g);
                        }
                    }
                }
                return finite;
            }
        }
    }
}
