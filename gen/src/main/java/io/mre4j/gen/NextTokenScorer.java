package io.mre4j.gen;

/**
 * A generator's next-token scores: given the tokens generated so far for one input, a logit for every token of the
 * vocabulary. The decoder turns them into log-probabilities over the whole vocabulary, then keeps the tokens the
 * constraint allows.
 */
@FunctionalInterface
public interface NextTokenScorer {
    float[] logits(int[] prefix);
}
