package io.mre4j.model.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CrfUnderflowTest {
    @Test
    void aTagReachableOnlyFromFarWorseTagsKeepsFiniteGradients() {
        Engine engine = Djl.engine(1);
        try (NDManager manager = engine.newBaseManager()) {
            // Tag 0 leads by 200 nats at the first step; tags 1 and 2 trail. Reaching tag 2 from tag 0 costs 300, so
            // every path into tag 2 at step 2 is below e^-200 of the best: the exp-space product underflows to 0.
            NDArray emissions = manager.create(new float[] {0, -200, -200, 0, 0, 0, 0, 0, 0}, new Shape(1, 3, 3));
            float[] t = new float[9];
            t[2] = -300;
            NDArray transitions = manager.create(t, new Shape(3, 3));
            NDArray start = manager.zeros(new Shape(3));
            NDArray end = manager.zeros(new Shape(3));
            emissions.setRequiresGradient(true);
            transitions.setRequiresGradient(true);
            NDArray tags = manager.create(new long[] {0, 0, 0}, new Shape(1, 3));
            float loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray nll = Crf.negativeLogLikelihood(emissions, tags, transitions, start, end);
                loss = nll.getFloat();
                collector.backward(nll);
            }
            assertTrue(Float.isFinite(loss), "loss " + loss);
            for (float g : emissions.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "emission gradient " + g);
            }
            for (float g : transitions.getGradient().toFloatArray()) {
                assertTrue(Float.isFinite(g), "transition gradient " + g);
            }
        }
    }
}
