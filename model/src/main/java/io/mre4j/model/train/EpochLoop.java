package io.mre4j.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The epoch loop every mre4j trainer runs: train on each batch (moving the weight average after every step), then
 * score the dev set with the averaged weights, keep the best epoch's weights (the latest of equally good ones), and
 * stop after {@code patience} epochs without a dev score at least as good. Shared by the joint trainer and the generator's trainer.
 */
public final class EpochLoop {
    /**
     * What the loop ends with: the best epoch's weights ({@link TrainingSteps#snapshot}; restore them once the
     * trainer is closed), its dev scores, and how many epochs ran.
     */
    public record Outcome(byte[] best, Map<String, Double> bestDev, int bestEpoch, int epochsRun) {
    }

    private EpochLoop() {
    }

    /**
     * @param batches   each epoch's batches, in training order
     * @param step      trains on one batch and gives its loss
     * @param devScores the dev scores of the network as it is now; {@code "score"} is the early-stopping score
     */
    public static <B> Outcome run(Block network, NDManager manager, float weightAverageDecay, int maxEpochs,
                                  int patience, TrainingListener listener, Supplier<List<B>> batches,
                                  ToDoubleFunction<B> step, Supplier<Map<String, Double>> devScores) {
        byte[] best = null;
        Map<String, Double> bestDev = Map.of();
        int bestEpoch = 0;
        int epochsRun = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        try (WeightAverage average = weightAverageDecay > 0
                ? new WeightAverage(network, manager, weightAverageDecay) : null) {
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                epochsRun = epoch;
                List<B> epochBatches = batches.get();
                listener.epochStarted(epoch, maxEpochs, epochBatches.size());
                double lossSum = 0;
                for (B batch : epochBatches) {
                    float loss = (float) step.applyAsDouble(batch);
                    if (average != null) {
                        average.update();
                    }
                    lossSum += loss;
                    listener.batchDone(loss);
                }
                if (average != null) {
                    average.swap();
                }
                Map<String, Double> dev = devScores.get();
                // A tie counts as progress: the averaged weights make dev curves flat, and a strict rule stopped
                // text-only models at epoch 4 while later epochs scored the same; the later weights have seen more.
                boolean improved = dev.get("score") >= bestScore;
                if (improved) {
                    bestScore = dev.get("score");
                    bestDev = dev;
                    bestEpoch = epoch;
                    best = TrainingSteps.snapshot(network);
                }
                if (average != null) {
                    average.swap();
                }
                listener.epochDone(epoch, (float) (lossSum / epochBatches.size()), dev, improved);
                if (epoch - bestEpoch >= patience) {
                    break;
                }
            }
        }
        return new Outcome(best, bestDev, bestEpoch, epochsRun);
    }
}
