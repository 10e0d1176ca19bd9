package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
import io.mre4j.model.Djl;

/**
 * A linear-chain conditional random field over tag emissions (Lafferty et al. 2001; as in Lample et al. 2016's
 * BiLSTM-CRF). The training loss is computed with NDArray operations so that DJL differentiates it; decoding is in
 * {@link CrfDecoder}.
 */
public final class Crf {
    /** Smallest value of an exp-space forward step before its log. */
    private static final float UNDERFLOW = 1e-30f;

    private Crf() {
    }

    /**
     * The mean negative log-likelihood of the gold tags. All sequences of the batch have the same length.
     *
     * @param emissions   {@code [B, T, K]}
     * @param tags        gold tag ids {@code [B, T]}
     * @param transitions {@code [K, K]}, from row tag to column tag
     * @param start       {@code [K]}
     * @param end         {@code [K]}
     */
    public static NDArray negativeLogLikelihood(NDArray emissions, NDArray tags, NDArray transitions, NDArray start,
                                                NDArray end) {
        long t = emissions.getShape().get(1);
        int k = (int) emissions.getShape().get(2);
        // The transition scores are a parameter: computed from directly, each step would leave its results behind.
        transitions = Djl.inBatch(transitions, emissions.getManager());
        NDArray gold = tags.oneHot(k, emissions.getDataType());
        NDArray score = emissions.mul(gold).sum(new int[] {1, 2})
                .add(gold.get(":, 0, :").mul(start).sum(new int[] {1}))
                .add(gold.get(":, -1, :").mul(end).sum(new int[] {1}));
        if (t > 1) {
            NDArray previous = gold.get(":, :-1, :");
            NDArray next = gold.get(":, 1:, :");
            score = score.add(previous.matMul(transitions).mul(next).sum(new int[] {1, 2}));
        }
        // The forward algorithm in exp space: one [B,K]x[K,K] product per step instead of a [B,K,K] log-sum-exp.
        // Each step is rescaled by its row maximum, so exp never overflows.
        NDArray transitionMax = transitions.max().stopGradient();
        NDArray expTransitions = transitions.sub(transitionMax).exp();
        // A tag reachable only from tags more than ~88 nats below the best one gets a product that underflows to 0:
        // log(0) is -inf, and its backward (1/0 times a zero gradient) NaN. The floor keeps both finite and changes
        // the partition by less than e^-69 of it. Sharp emissions from a fine-tuned BERT reached it in epoch 2.
        NDArray alpha = emissions.get(":, 0, :").add(start);
        for (int i = 1; i < t; i++) {
            NDArray max = alpha.max(new int[] {1}, true).stopGradient();
            alpha = Djl.maximum(alpha.sub(max).exp().matMul(expTransitions), UNDERFLOW).log().add(max)
                    .add(transitionMax).add(emissions.get(":, " + i + ", :"));
        }
        NDArray logPartition = logSumExp(alpha.add(end), 1);
        return logPartition.sub(score).mean();
    }

    /** log(sum(exp(x))) along {@code axis}, computed stably. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }
}
