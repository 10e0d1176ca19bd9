package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Dropout whose masks can come from a seeded Java random source instead of PyTorch's one generator per process. When
 * training threads run forward passes at the same time ({@code model.train.GradientWorkers}), the order in which they
 * would draw from PyTorch's generator changes from run to run, and so would the trained model; a source per thread,
 * seeded per batch shard, keeps training deterministic. Outside {@link #seeded} (one training thread), dropout uses
 * PyTorch's generator, seeded by the engine.
 */
public final class SeededDropout {
    private static final ThreadLocal<Source> SOURCE = new ThreadLocal<>();

    private SeededDropout() {
    }

    private record Source(SplittableRandom random, NDManager manager) {
    }

    /**
     * Runs {@code work} on this thread with dropout masks drawn from a source seeded with {@code seed}; the masks are
     * attached to {@code manager} (the batch's), so they are freed with the batch.
     */
    public static <T> T seeded(long seed, NDManager manager, Supplier<T> work) {
        Source previous = SOURCE.get();
        SOURCE.set(new Source(new SplittableRandom(seed), manager));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SOURCE.remove();
            } else {
                SOURCE.set(previous);
            }
        }
    }

    /** Inverted dropout: while training, zeroes each element with probability {@code rate} and scales the rest up. */
    public static NDArray apply(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        Source source = SOURCE.get();
        if (source == null) {
            return Dropout.dropout(x, rate, true).singletonOrThrow();
        }
        Shape shape = x.getShape();
        float[] mask = new float[Math.toIntExact(shape.size())];
        float keep = 1f / (1f - rate);
        SplittableRandom random = source.random();
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
        }
        return x.mul(source.manager().create(mask, shape));
    }
}
