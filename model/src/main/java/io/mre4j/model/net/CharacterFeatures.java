package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.mre4j.model.features.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A character CNN's inputs and features, shared by the networks that read words through their characters (the joint
 * network and the generator's encoder). A token form appears once per batch however often the batch repeats it, so the
 * CNN runs once per distinct form (ATIS batches repeat most forms: "to", "from", "flights", city names).
 */
public final class CharacterFeatures {
    private static final int[] NO_CHARS = new int[0];
    /** Added to the CNN's outputs at padding positions, so that they never win the max. */
    private static final float PADDING_SCORE = 1e4f;

    private CharacterFeatures() {
    }

    /** The character embedding table {@code [chars, charDim]}, named {@code charEmbedding}. */
    public static Parameter embedding(int chars, int charDim) {
        return Parameter.builder().setName("charEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(chars, charDim)).optInitializer(new NormalInitializer(0.1f)).build();
    }

    /** The character CNN: width-3 filters over a token's characters, padded to keep its length. */
    public static Conv1d cnn(int filters) {
        return Conv1d.builder().setKernelShape(new Shape(3)).setFilters(filters).optPadding(new Shape(1)).build();
    }

    /**
     * The character ids of a batch's distinct token forms {@code [U, C]} and which form each position is
     * {@code [B*T]}. {@code texts.get(i)[j]} holds token j of text i; positions past a text's end (padding to
     * {@code t}) are the form without characters, whose features are zero.
     */
    public static NDList inputs(NDManager manager, List<int[][]> texts, int t) {
        int b = texts.size();
        long[] index = new long[b * t];
        Map<Form, Integer> forms = new HashMap<>();
        List<int[]> distinct = new ArrayList<>();
        int maxChars = 1;
        for (int i = 0; i < b; i++) {
            int[][] text = texts.get(i);
            for (int j = 0; j < t; j++) {
                int[] chars = j < text.length ? text[j] : NO_CHARS;
                index[i * t + j] = forms.computeIfAbsent(new Form(chars), key -> {
                    distinct.add(chars);
                    return distinct.size() - 1;
                });
                maxChars = Math.max(maxChars, chars.length);
            }
        }
        long[] ids = new long[distinct.size() * maxChars];
        for (int u = 0; u < distinct.size(); u++) {
            int[] chars = distinct.get(u);
            for (int k = 0; k < chars.length; k++) {
                ids[u * maxChars + k] = chars[k];
            }
        }
        return new NDList(manager.create(ids, new Shape(distinct.size(), maxChars)), manager.create(index));
    }

    /**
     * Each token form's features {@code [U, filters]}: the CNN max-pooled over the form's own characters. Padding is
     * invisible: its embeddings are zero (as the convolution's own border padding) and its positions never win the
     * max, so a token's features do not depend on the longest token of its batch, and a text gets the same prediction
     * alone or in any batch. A form without characters gets zeros.
     *
     * @param embeddings the character embedding table {@code [chars, charDim]}
     */
    public static NDArray compute(ParameterStore store, NDArray chars, NDArray embeddings, Conv1d cnn,
                                  boolean training) {
        NDArray present = chars.neq(Vocabulary.PAD).toType(DataType.FLOAT32, false);
        NDArray c = Embedding.embedding(chars, embeddings, SparseFormat.DENSE).singletonOrThrow()
                .mul(present.expandDims(-1)).transpose(0, 2, 1);
        c = cnn.forward(store, new NDList(c), training).singletonOrThrow();
        NDArray features = c.add(present.sub(1).mul(PADDING_SCORE).expandDims(1)).max(new int[] {2});
        return features.mul(present.max(new int[] {1}, true));
    }

    /** Each position's features {@code [B, T, filters]} from the forms' features and the positions' form index. */
    public static NDArray perPosition(NDArray formFeatures, NDArray index, long b, long t) {
        return Embedding.embedding(index, formFeatures, SparseFormat.DENSE).singletonOrThrow()
                .reshape(b, t, formFeatures.getShape().get(1));
    }

    /** A token's character ids as a hash key. */
    private record Form(int[] chars) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Form other && Arrays.equals(chars, other.chars);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(chars);
        }
    }
}
