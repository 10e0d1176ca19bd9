package io.mre4j.model.fewshot;

import java.util.List;
import java.util.Locale;

/** A test embedder: lower-cased words hashed into a bag of words, so texts that share words are similar. */
final class HashingEmbedder implements TextEmbedder {
    static final int DIM = 4096;

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] v = new float[DIM];
            for (String word : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty()) {
                    v[Math.floorMod(word.hashCode(), DIM)] += 1;
                }
            }
            out[i] = Vectors.normalise(v);
        }
        return out;
    }

    @Override
    public String describe() {
        return "hashing bag of words (test)";
    }
}
