package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mre4j.model.features.Example;
import io.mre4j.model.features.Vocabulary;

import java.util.List;
import java.util.Random;

/** The one place where examples become tensors: network inputs and training targets of one equal-length batch. */
public final class BatchTensors {
    private BatchTensors() {
    }

    /**
     * Word ids {@code [B, T]} and character ids {@code [B*T, C]}. With a random source, words seen once in training
     * ({@code singletons}) are replaced by the unknown word with probability {@code unkRate}, so the model learns what
     * to do with unknown words.
     */
    public static NDList inputs(NDManager manager, List<Example> batch, boolean[] singletons, float unkRate,
                                Random random) {
        int b = batch.size();
        int t = batch.get(0).length();
        long[] words = new long[b * t];
        int maxChars = 1;
        for (Example e : batch) {
            for (int[] chars : e.chars()) {
                maxChars = Math.max(maxChars, chars.length);
            }
        }
        long[] chars = new long[b * t * maxChars];
        for (int i = 0; i < b; i++) {
            Example e = batch.get(i);
            for (int j = 0; j < t; j++) {
                int word = e.words()[j];
                if (random != null && singletons != null && word < singletons.length && singletons[word]
                        && random.nextFloat() < unkRate) {
                    word = Vocabulary.UNKNOWN;
                }
                words[i * t + j] = word;
                int[] tokenChars = e.chars()[j];
                for (int k = 0; k < tokenChars.length; k++) {
                    chars[(i * t + j) * maxChars + k] = tokenChars[k];
                }
            }
        }
        return new NDList(manager.create(words, new Shape(b, t)), manager.create(chars, new Shape(b * t, maxChars)));
    }

    /** Gold tags {@code [B, T]}. */
    public static NDArray tags(NDManager manager, List<Example> batch) {
        int b = batch.size();
        int t = batch.get(0).length();
        long[] tags = new long[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                tags[i * t + j] = batch.get(i).tags()[j];
            }
        }
        return manager.create(tags, new Shape(b, t));
    }

    /** Gold classes {@code [B]} for softmax and powerset heads (-1 where unknown). */
    public static NDArray textClasses(NDManager manager, List<Example> batch) {
        return manager.create(batch.stream().mapToLong(Example::textClass).toArray());
    }

    /** Gold multi-hot labels {@code [B, C]} for the sigmoid head. */
    public static NDArray textLabels(NDManager manager, List<Example> batch, int classes) {
        float[] hot = new float[batch.size() * classes];
        for (int i = 0; i < batch.size(); i++) {
            for (int label : batch.get(i).textLabels()) {
                hot[i * classes + label] = 1f;
            }
        }
        return manager.create(hot, new Shape(batch.size(), classes));
    }
}
