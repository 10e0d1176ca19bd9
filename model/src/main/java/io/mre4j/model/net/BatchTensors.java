package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mre4j.model.features.Example;
import io.mre4j.model.features.TextNgrams;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.pretrained.BertEncoder;
import io.mre4j.model.pretrained.SubwordTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one place where examples become tensors: network inputs and training targets. Training batches hold texts of
 * one length; a prediction batch may mix lengths ({@link io.mre4j.model.features.Batches#padded}), and then its
 * inputs are padded to the longest text and carry a token mask (see {@link #inputs}).
 */
public final class BatchTensors {
    private BatchTensors() {
    }

    /**
     * Word ids {@code [B, T]}, the character ids of the batch's distinct tokens {@code [U, C]}, and which of those each
     * token is {@code [B*T]} ({@link CharacterFeatures#inputs}). With a random source, words seen once in training
     * ({@code singletons}) are replaced by the unknown word with probability {@code unkRate}, so the model learns what
     * to do with unknown words.
     * <p>
     * When the texts differ in length, the inputs are padded to the longest (the padding is the padding word, with no
     * characters) and two more inputs, named, say where the texts end: {@code tokenMask [B, T]} (1 on a text's tokens,
     * 0 on padding) and {@code reversed [B, T]}, for each position the flat index {@code i*T + j'} of the token that
     * the backward LSTM reads there ({@code j' = length-1-j} within the text, padding in place), so that each text is
     * reversed within its own length and its padding stays at the end in both directions. A batch of equal lengths
     * has neither, and the network runs exactly as without padding. With static word vectors
     * ({@link io.mre4j.model.pretrained.WordVectors}), one more named input holds them ({@link #wordVectors}).
     */
    public static NDList inputs(NDManager manager, List<Example> batch, boolean[] singletons, float unkRate,
                                Random random) {
        return inputs(manager, batch, singletons, unkRate, random, 0);
    }

    /**
     * The inputs above and, with {@code textNgramBuckets > 0}, each text's hashed n-gram slots ({@link TextNgrams})
     * {@code ngrams [B, F]} (padded with slot 0) and {@code ngramWeights [B, F]}: one over the text's feature count for
     * its slots and zero for padding, so that their weighted sum is the mean over the text's features.
     */
    public static NDList inputs(NDManager manager, List<Example> batch, boolean[] singletons, float unkRate,
                                Random random, int textNgramBuckets) {
        int b = batch.size();
        int t = longest(batch);
        long[] words = new long[b * t];
        boolean ragged = false;
        for (int i = 0; i < b; i++) {
            Example e = batch.get(i);
            ragged |= e.length() != t;
            for (int j = 0; j < t; j++) {
                if (j >= e.length()) {
                    words[i * t + j] = Vocabulary.PAD;
                    continue;
                }
                int word = e.words()[j];
                if (random != null && singletons != null && word < singletons.length && singletons[word]
                        && random.nextFloat() < unkRate) {
                    word = Vocabulary.UNKNOWN;
                }
                words[i * t + j] = word;
            }
        }
        NDList inputs = new NDList(manager.create(words, new Shape(b, t)));
        inputs.addAll(CharacterFeatures.inputs(manager, batch.stream().map(Example::chars).toList(), t));
        if (batch.get(0).subwords() != null) {
            inputs.addAll(subwordInputs(manager, batch, t));
        }
        if (batch.get(0).vectors() != null) {
            inputs.add(wordVectors(manager, batch.stream().map(Example::vectors).toList(), t));
        }
        if (textNgramBuckets > 0) {
            inputs.addAll(ngramInputs(manager, batch, textNgramBuckets));
        }
        if (ragged) {
            inputs.addAll(paddingInputs(manager, batch, t));
        }
        return inputs;
    }

    /** The number of tokens of the batch's longest text. */
    private static int longest(List<Example> batch) {
        int t = 0;
        for (Example e : batch) {
            t = Math.max(t, e.length());
        }
        return t;
    }

    /** {@code tokenMask} and {@code reversed} of a batch of mixed lengths (see {@link #inputs}). */
    private static NDList paddingInputs(NDManager manager, List<Example> batch, int t) {
        int b = batch.size();
        float[] mask = new float[b * t];
        long[] reversed = new long[b * t];
        for (int i = 0; i < b; i++) {
            int length = batch.get(i).length();
            for (int j = 0; j < t; j++) {
                mask[i * t + j] = j < length ? 1f : 0f;
                reversed[i * t + j] = (long) i * t + (j < length ? length - 1 - j : j);
            }
        }
        NDArray maskArray = manager.create(mask, new Shape(b, t));
        maskArray.setName("tokenMask");
        NDArray reversedArray = manager.create(reversed, new Shape(b, t));
        reversedArray.setName("reversed");
        return new NDList(maskArray, reversedArray);
    }

    private static NDList ngramInputs(NDManager manager, List<Example> batch, int buckets) {
        int b = batch.size();
        int[][] slots = new int[b][];
        int most = 1;
        for (int i = 0; i < b; i++) {
            Example e = batch.get(i);
            slots[i] = TextNgrams.of(e.document().text(), e.tokens(), buckets);
            most = Math.max(most, slots[i].length);
        }
        long[] ids = new long[b * most];
        float[] weights = new float[b * most];
        for (int i = 0; i < b; i++) {
            for (int f = 0; f < slots[i].length; f++) {
                ids[i * most + f] = slots[i][f];
                weights[i * most + f] = 1f / slots[i].length;
            }
        }
        NDArray idArray = manager.create(ids, new Shape(b, most));
        idArray.setName("ngrams");
        NDArray weightArray = manager.create(weights, new Shape(b, most));
        weightArray.setName("ngramWeights");
        return new NDList(idArray, weightArray);
    }

    /**
     * The static word vectors of a batch's texts ({@code texts.get(i)[j]}: token j of text i), padded with zeros to
     * {@code t} tokens: the named input {@code wordVectors [B, T, D]}.
     */
    public static NDArray wordVectors(NDManager manager, List<float[][]> texts, int t) {
        int b = texts.size();
        int d = texts.get(0)[0].length;
        float[] values = new float[b * t * d];
        for (int i = 0; i < b; i++) {
            float[][] vectors = texts.get(i);
            for (int j = 0; j < vectors.length; j++) {
                System.arraycopy(vectors[j], 0, values, (i * t + j) * d, d);
            }
        }
        NDArray array = manager.create(values, new Shape(b, t, d));
        array.setName("wordVectors");
        return array;
    }

    /**
     * A pretrained encoder's inputs, named: {@code subwordIds}, {@code subwordTypes} and {@code subwordMask}
     * ({@link BertEncoder#inputs}: padded to the batch's longest text), then each word's {@code firstSubword} and
     * {@code subwordCount} {@code [B, T]}. A word without subwords (the reserved empty word of a text without
     * tokens, or a word the subword tokenizer drops, such as a control character) reads the {@code [CLS]} state, and
     * so does padding.
     */
    private static NDList subwordInputs(NDManager manager, List<Example> batch, int t) {
        int b = batch.size();
        long[] first = new long[b * t];
        long[] count = new long[b * t];
        for (int i = 0; i < b; i++) {
            SubwordTokenizer.Subwords subwords = batch.get(i).subwords();
            for (int j = 0; j < t; j++) {
                boolean has = j < subwords.firstSubword().length && subwords.firstSubword()[j] >= 0
                        && subwords.subwordCount()[j] > 0;
                first[i * t + j] = has ? subwords.firstSubword()[j] : 0;
                count[i * t + j] = has ? subwords.subwordCount()[j] : 1;
            }
        }
        NDList inputs = BertEncoder.inputs(manager, batch.stream().map(Example::subwords).toList());
        inputs.get(0).setName("subwordIds");
        inputs.get(1).setName("subwordTypes");
        inputs.get(2).setName("subwordMask");
        NDArray firstArray = manager.create(first, new Shape(b, t));
        firstArray.setName("firstSubword");
        NDArray countArray = manager.create(count, new Shape(b, t));
        countArray.setName("subwordCount");
        inputs.add(firstArray);
        inputs.add(countArray);
        return inputs;
    }

    /** Gold tags {@code [B, T]} of a batch of equal lengths (training batches are). */
    public static NDArray tags(NDManager manager, List<Example> batch) {
        int b = batch.size();
        int t = batch.get(0).length();
        if (batch.stream().anyMatch(e -> e.length() != t)) {
            throw new IllegalArgumentException("gold tags need a batch of texts of one length");
        }
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
