package io.mre4j.model.fewshot;

import io.mre4j.model.pretrained.OnnxEncoder;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.SubwordTokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings from a frozen pretrained encoder run by ONNX Runtime, pooled the way each encoder was trained
 * to be used as a sentence encoder: all-MiniLM-L6-v2 by the <em>mean</em> of its last layer over every subword
 * (special tokens included, as sentence-transformers' {@code Pooling} with {@code pooling_mode_mean_tokens} averages
 * every position the attention mask keeps), bge-small-zh-v1.5 by its <em>[CLS]</em> state (BAAI's model card: "use
 * the last hidden state of [CLS] as the sentence embedding"); both then L2-normalised, as both models' cards do.
 * Texts are split at whitespace only and handed to the encoder's own tokenizer ({@link SubwordTokenizer}), whose BERT
 * pre-tokenizer splits punctuation and every CJK character as it did in training; mre4j's tokenizers are not used
 * here, because the Chinese one splits Latin words into letters, which bge's vocabulary reads as noise (CAIS's
 * English label names). Embeddings are cached by text.
 */
public final class PretrainedTextEmbedder implements TextEmbedder, AutoCloseable {
    /** Longest input in subwords, special tokens included; longer texts keep their first subwords. */
    public static final int MAX_SUBWORDS = 128;
    private static final int BATCH = 32;

    /** How an encoder's subword states become one vector. */
    public enum Pooling { MEAN, CLS }

    private final PretrainedEncoder encoder;
    private final Pooling pooling;
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");
    private final SubwordTokenizer subwords;
    private final OnnxEncoder onnx;
    private final Map<String, float[]> cache = new HashMap<>();

    private PretrainedTextEmbedder(PretrainedEncoder encoder, SubwordTokenizer subwords, OnnxEncoder onnx) {
        this.encoder = encoder;
        this.pooling = poolingOf(encoder);
        this.subwords = subwords;
        this.onnx = onnx;
    }

    /** Loads {@code encoder} from its jar; {@code threads} is ONNX Runtime's intra-op threads (0: every core). */
    public static PretrainedTextEmbedder open(PretrainedEncoder encoder, int threads) {
        SubwordTokenizer tokenizer = SubwordTokenizer.open(encoder);
        try {
            return new PretrainedTextEmbedder(encoder, tokenizer, OnnxEncoder.open(encoder, threads));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The pooling each encoder's authors prescribe (see the class comment). */
    public static Pooling poolingOf(PretrainedEncoder encoder) {
        return encoder == PretrainedEncoder.BGE_SMALL_ZH ? Pooling.CLS : Pooling.MEAN;
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    @Override
    public String describe() {
        return encoder.id() + " (" + (pooling == Pooling.CLS ? "[CLS]" : "mean") + " pooling, frozen, ONNX Runtime)";
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(texts));
        missing.removeIf(cache::containsKey);
        List<SubwordTokenizer.Subwords> encoded = new ArrayList<>(missing.size());
        for (String text : missing) {
            List<String> tokens = new ArrayList<>();
            for (String word : WHITESPACE.split(text.strip())) {
                if (!word.isEmpty()) {
                    tokens.add(word);
                }
            }
            encoded.add(subwords.encode(tokens, MAX_SUBWORDS));
        }
        // Batches of similar length waste little on padding.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> encoded.get(i).length()));
        for (int from = 0; from < order.size(); from += BATCH) {
            List<Integer> batch = order.subList(from, Math.min(order.size(), from + BATCH));
            float[][][] states = onnx.hiddenStates(batch.stream().map(encoded::get).toList());
            for (int b = 0; b < batch.size(); b++) {
                cache.put(missing.get(batch.get(b)), pool(states[b], pooling));
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cache.get(texts.get(i));
        }
        return out;
    }

    /** Forgets every cached embedding (tests: to embed a text again, in another batch). */
    synchronized void clearCache() {
        cache.clear();
    }

    /** Pools one text's subword states ({@code [subword][hidden]}) and L2-normalises the result. */
    static float[] pool(float[][] states, Pooling pooling) {
        int hidden = states[0].length;
        float[] v = new float[hidden];
        if (pooling == Pooling.CLS) {
            System.arraycopy(states[0], 0, v, 0, hidden);
        } else {
            for (float[] state : states) {
                for (int h = 0; h < hidden; h++) {
                    v[h] += state[h];
                }
            }
            for (int h = 0; h < hidden; h++) {
                v[h] /= states.length;
            }
        }
        return Vectors.normalise(v);
    }

    @Override
    public void close() {
        onnx.close();
        subwords.close();
    }
}
