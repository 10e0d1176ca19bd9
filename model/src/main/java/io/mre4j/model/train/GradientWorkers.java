package io.mre4j.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Data parallelism on one machine: a batch is cut into shards, and one thread per shard computes its loss and
 * back-propagates it at the same time as the others. PyTorch adds every shard's gradients into the shared parameters'
 * gradients, so the optimiser then takes one step for the whole batch, as if one thread had done it.
 *
 * <p>This is how training uses several cores. PyTorch's own intra-op threads do not help here: the network's operations
 * are small (a batch of short texts), and with two intra-op threads the oneDNN kernels crashed the JVM on chABSA (see
 * {@code TrainingConfig.threads}). Each worker runs PyTorch on one thread.
 *
 * <p>Each shard draws its random numbers (unknown-word replacement, dropout masks) from its own seeded Java source,
 * never from PyTorch's shared generator, and a parameter's gradient is the sum of the shards' contributions, whose
 * order does not change a sum of two floats: two runs with two workers and one seed give the same model. (They did
 * not before DJL's scalar operations were found reading freed memory in the backward pass, see {@code Djl#mul}; since
 * the fix, two full two-worker ATIS trainings run at once logged the same losses and test scores.) One worker stays
 * the default because two barely train faster on two cores (27.2 s against 28.7 s for three ATIS epochs).
 *
 * <p>DJL's {@code GradientCollector} cannot be used: it allows one collector per JVM at a time. Backward is therefore
 * called through {@link JniUtils#backward}, with autograd recording switched on in the worker (it is per thread).
 */
public final class GradientWorkers implements AutoCloseable {
    private final int workers;
    private final ExecutorService pool;
    private boolean warm;

    /** {@code workers} threads; 1 runs every shard on the caller's thread. */
    public GradientWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.workers = workers;
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers - 1, runnable -> {
            Thread thread = new Thread(runnable, "mre4j-train-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    public int count() {
        return workers;
    }

    /**
     * Cuts {@code batch} into at most {@link #count()} contiguous shards of nearly equal size, none smaller than
     * {@code minShard} documents (a batch of fewer than {@code 2 * minShard} stays whole).
     */
    public <T> List<List<T>> shards(List<T> batch, int minShard) {
        int n = Math.max(1, Math.min(workers, batch.size() / Math.max(1, minShard)));
        List<List<T>> shards = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            shards.add(batch.subList(batch.size() * s / n, batch.size() * (s + 1) / n));
        }
        return shards;
    }

    /**
     * Computes {@code shardLoss(s, manager)} for every shard {@code s < shards} and back-propagates it, the shards in
     * parallel; returns the sum of the losses. Each shard's arrays live in its own sub-manager of {@code parent},
     * closed when its backward is done. The loss must already carry the shard's share of the batch (the optimiser
     * sees the sum). The first call runs the shards one after another: DJL's parameter store fills itself on first
     * use and is not safe to fill from two threads.
     */
    public float backward(NDManager parent, int shards, BiFunction<Integer, NDManager, NDArray> shardLoss) {
        float[] losses = new float[shards];
        if (pool == null || shards == 1 || !warm) {
            for (int s = 0; s < shards; s++) {
                losses[s] = backwardOne(parent, s, shardLoss);
            }
            warm = true;
        } else {
            List<Future<Float>> others = new ArrayList<>();
            for (int s = 1; s < shards; s++) {
                int shard = s;
                others.add(pool.submit(() -> backwardOne(parent, shard, shardLoss)));
            }
            losses[0] = backwardOne(parent, 0, shardLoss);
            for (int s = 1; s < shards; s++) {
                losses[s] = join(others.get(s - 1));
            }
        }
        float sum = 0;
        for (float loss : losses) {
            sum += loss;
        }
        return sum;
    }

    private static float backwardOne(NDManager parent, int shard, BiFunction<Integer, NDManager, NDArray> shardLoss) {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager manager = parent.newSubManager()) {
            NDArray loss = shardLoss.apply(shard, manager);
            float value = loss.getFloat();
            NDArray seed = manager.ones(loss.getShape(), loss.getDataType());
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
            return value;
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    private static float join(Future<Float> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a training worker ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
