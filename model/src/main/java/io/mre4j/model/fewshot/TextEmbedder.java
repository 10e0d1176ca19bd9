package io.mre4j.model.fewshot;

import java.util.List;

/**
 * Maps texts to unit-length vectors whose dot product is their cosine similarity: the embedding space the few-shot
 * classifiers build their class prototypes in. Implementations are deterministic (the same text always gets the same
 * vector) and may cache.
 */
public interface TextEmbedder {
    /** One unit vector per text, in the order given. */
    float[][] embed(List<String> texts);

    /** A short description for reports, such as {@code minilm-en (mean pooling)}. */
    String describe();
}
