package io.mre4j.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The scalar operations that training back-propagates through must not depend on memory that Java may free. DJL's own
 * {@code NDArray.mul(Number)} keeps its scalar in a direct buffer that nothing holds once the call returns; after a
 * garbage collection, and once malloc hands the memory to someone else, the backward pass reads whatever is there:
 * the scenario below gave a gradient of -4.6e33 instead of 3 with {@code x.mul(3f)} (2026-11-27, DJL 0.36.0).
 */
class DjlScalarTest {
    /** d(sum(x * 3))/dx with a garbage collection and fresh direct buffers between the forward and backward pass. */
    private static float[] gradientAfterGc(BiFunction<NDArray, Float, NDArray> times) throws InterruptedException {
        Engine engine = Djl.engine(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = times.apply(x, 3f).sum();
                List<ByteBuffer> reuse = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    System.gc();
                    Thread.sleep(20);
                    for (int i = 0; i < 200; i++) {
                        reuse.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 1000f));
                    }
                }
                collector.backward(y);
                reuse.clear(); // the buffers stay allocated until the backward pass is done
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void aScalarFactorSurvivesAGarbageCollectionBeforeBackward() throws InterruptedException {
        assertArrayEquals(new float[] {3f, 3f, 3f}, gradientAfterGc(Djl::mul));
    }
}
