package io.mre4j.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.file.Path;

/**
 * Sets DJL up before its engine loads: offline (nothing downloads at run time; the PyTorch natives come from the Maven
 * jar), its cache in the project's {@code work/djl} folder rather than the home directory unless {@code DJL_CACHE_DIR}
 * says otherwise, and PyTorch's thread counts.
 */
public final class Djl {
    private static boolean configured;

    private Djl() {
    }

    /**
     * {@code x * value}, safe to back-propagate through. DJL's scalar operations ({@code NDArray.mul(Number)} and the
     * like) wrap the number in an array made with {@code torch::from_blob} over a Java direct buffer and close that
     * array as soon as the operation returns. Autograd keeps the scalar for the backward pass, but nothing keeps the
     * buffer alive: once the garbage collector frees it, the backward pass reads freed memory. Training with a young
     * generation of 2 MB, so that the collector runs every few steps, made two same-seed ATIS trainings part within
     * their first 50 steps every time, and with default settings about one run in three parted within 9 epochs;
     * without any collection (Epsilon) they never did. The scalar here is a copy whose memory PyTorch owns.
     */
    public static NDArray mul(NDArray x, float value) {
        try (NDArray scalar = ownedScalar(x, value)) {
            return x.mul(scalar);
        }
    }

    /** {@code x / value}, safe to back-propagate through (see {@link #mul}). */
    public static NDArray div(NDArray x, float value) {
        try (NDArray scalar = ownedScalar(x, value)) {
            return x.div(scalar);
        }
    }

    /** The element-wise maximum of {@code x} and {@code value}, safe to back-propagate through (see {@link #mul}). */
    public static NDArray maximum(NDArray x, float value) {
        try (NDArray scalar = ownedScalar(x, value)) {
            return x.maximum(scalar);
        }
    }

    /**
     * A parameter's value as an array of the batch's manager, differentiable. The result of an operation on a
     * parameter's array belongs to the parameter's manager, the model's, and lives as long as the model: a step that
     * computed from a parameter directly left an array behind every time (the CRF's transition scores, 100 KB a step on
     * ATIS, until 2026-11-28). What is computed from this array belongs to the batch and is freed with it.
     */
    public static NDArray inBatch(NDArray parameter, NDManager batch) {
        try (NDArray zero = batch.zeros(new Shape(), parameter.getDataType())) {
            return zero.add(parameter);
        }
    }

    /**
     * The element-wise logistic loss of {@code logits} against 0/1 {@code targets}, in the stable form
     * {@code max(x, 0) - x*y + log(1 + exp(-|x|))}; safe to back-propagate through.
     */
    public static NDArray logisticLoss(NDArray logits, NDArray targets) {
        return maximum(logits, 0f).sub(logits.mul(targets)).add(logits.abs().neg().exp().add(1f).log());
    }

    /**
     * The cross-entropy of the rows of {@code logits [N, K]} against target distributions {@code targets [N, K]}
     * (one-hot for gold classes; an all-zero row counts for nothing), averaged over the N rows.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return div(logits.logSoftmax(-1).mul(targets).sum().neg(), logits.getShape().get(0));
    }

    private static NDArray ownedScalar(NDArray like, float value) {
        try (NDArray blob = like.getManager().create(value)) {
            return blob.duplicate();
        }
    }

    /**
     * Runs {@code work} with PyTorch's gradient recording off on the calling thread. Recording is per thread and on in
     * every new thread, so work on parameters that require gradients (predicting during training, averaging weights)
     * would otherwise build autograd graphs that nobody needs.
     */
    public static void withoutGradients(Runnable work) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            work.run();
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    /** Configures DJL once, then returns the PyTorch engine. */
    public static synchronized Engine engine(int threads) {
        configure(threads);
        return Engine.getEngine("PyTorch");
    }

    /**
     * Sets DJL's properties once, before any of its native libraries (PyTorch, the Hugging Face tokenizers) unpacks.
     * {@code threads} is PyTorch's threads per operation, 0 for every core; only the first call's value counts.
     */
    public static synchronized void configure(int threads) {
        if (!configured) {
            System.setProperty("ai.djl.offline", "true");
            if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
                System.setProperty("DJL_CACHE_DIR", Path.of("work", "djl").toAbsolutePath().toString());
            }
            int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(n));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            configured = true;
        }
    }
}
