package io.mre4j.model.pretrained;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.mre4j.core.DataException;
import io.mre4j.core.token.Token;
import io.mre4j.model.Djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static word vectors taken from a pretrained encoder's subword embedding table: a word's vector is the mean of the
 * input embeddings of the subwords its encoder's tokenizer makes of it. Every word gets one, also words that training
 * never saw (they still split into known subwords), which is what the from-scratch encoder's own word table cannot
 * give. MiniLM's table is a fair lexicon: "movie" lies nearest "movies", "film", "films", "cinema"; "tuesday" nearest
 * "wednesday" and "monday". Nothing here is trained; the network learns a projection of the vectors.
 * <p>
 * One instance per encoder and JVM ({@link #of}), read from the encoder's jar on first use (its ONNX weights and
 * {@code tokenizer.json}); a word's vector is computed once and cached. Thread-safe.
 */
public final class WordVectors {
    /** Distinct words whose vectors are kept; past it, vectors are computed again at each use. */
    private static final int CACHE_LIMIT = 200_000;
    private static final Map<PretrainedEncoder, WordVectors> LOADED = new EnumMap<>(PretrainedEncoder.class);

    private final PretrainedEncoder encoder;
    private final HuggingFaceTokenizer tokenizer;
    private final float[] table;
    private final int dimension;
    private final int rows;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();

    private WordVectors(PretrainedEncoder encoder, HuggingFaceTokenizer tokenizer, float[] table, int rows,
                        int dimension) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.table = table;
        this.rows = rows;
        this.dimension = dimension;
    }

    /** The word vectors of {@code encoder}, loaded from its jar on the first call in this JVM. */
    public static WordVectors of(PretrainedEncoder encoder) {
        synchronized (LOADED) {
            WordVectors vectors = LOADED.get(encoder);
            if (vectors == null) {
                vectors = load(encoder);
                LOADED.put(encoder, vectors);
            }
            return vectors;
        }
    }

    private static WordVectors load(PretrainedEncoder encoder) {
        OnnxWeights.Tensor embeddings = OnnxWeights.readWordEmbeddings(encoder.onnxBytes(), encoder.artifact());
        if (embeddings == null || embeddings.dims().length != 2
                || embeddings.dims()[1] != encoder.shape().hidden()) {
            throw new DataException(encoder.artifact() + ": the ONNX weights of " + encoder.id()
                    + " hold no word embedding table of width " + encoder.shape().hidden());
        }
        Djl.configure(0);
        try (InputStream json = encoder.openTokenizerJson()) {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            return new WordVectors(encoder, tokenizer, embeddings.values(), (int) embeddings.dims()[0],
                    (int) embeddings.dims()[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer of " + encoder.id(), e);
        }
    }

    /** The share of the training documents that must be in one language for {@code auto} to pick its vectors. */
    public static final double AUTO_MIN_SHARE = 0.9;

    /**
     * The encoder a {@code wordVectors} setting names for training documents in {@code documentLanguages} (one entry
     * per document), or null: {@code none}, or {@code auto} when no language has at least {@link #AUTO_MIN_SHARE} of
     * the documents or the main one has no encoder ({@code auto} picks {@code minilm-en} for English and
     * {@code bge-small-zh} for Chinese). A share rather than all: language guessing puts a few short texts of a
     * Chinese corpus (digits, Latin letters) in English.
     */
    public static PretrainedEncoder resolve(String setting, List<String> documentLanguages) {
        if (setting.equals("none")) {
            return null;
        }
        if (setting.equals("auto")) {
            Map<String, Long> counts = documentLanguages.stream()
                    .collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()));
            return counts.entrySet().stream()
                    .filter(e -> e.getValue() >= AUTO_MIN_SHARE * documentLanguages.size())
                    .flatMap(e -> Arrays.stream(PretrainedEncoder.values())
                            .filter(encoder -> encoder.language().equals(e.getKey())))
                    .findFirst().orElse(null);
        }
        return PretrainedEncoder.parse(setting);
    }

    /** The name a network's sizes record for {@code vectors}: its id, or {@code none}. */
    public static String name(PretrainedEncoder vectors) {
        return vectors == null ? "none" : vectors.id();
    }

    /** The encoder a recorded name ({@link #name}) stands for; null for {@code none} or no name (older bundles). */
    public static PretrainedEncoder named(String name) {
        return name == null || name.equals("none") ? null : PretrainedEncoder.parse(name);
    }

    /** Checks a {@code wordVectors} setting; a bad one is a {@link DataException} naming the config field. */
    public static void checkSetting(String setting) {
        if (setting == null || !setting.equals("none") && !setting.equals("auto")
                && Arrays.stream(PretrainedEncoder.values()).noneMatch(e -> e.id().equals(setting))) {
            throw new DataException("config field 'wordVectors' must be none, auto, minilm-en or bge-small-zh, not '"
                    + setting + "'");
        }
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    /** The length of every vector. */
    public int dimension() {
        return dimension;
    }

    /**
     * The vector of {@code word}: the mean of its subwords' embeddings; zeros for a word that becomes no subword
     * (whitespace, a control character). The returned array is shared: do not change it.
     */
    public float[] vector(String word) {
        float[] cached = cache.get(word);
        if (cached != null) {
            return cached;
        }
        float[] vector = compute(word);
        if (cache.size() < CACHE_LIMIT) {
            cache.putIfAbsent(word, vector);
        }
        return vector;
    }

    /**
     * The vectors of a text's tokens, one row per token. A text without tokens is read as the featurizers' reserved
     * "empty" word, one row of zeros. Rows are shared: do not change them.
     */
    public float[][] vectors(String text, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return new float[][] {new float[dimension]};
        }
        float[][] rows = new float[tokens.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vector(tokens.get(i).surface(text));
        }
        return rows;
    }

    private float[] compute(String word) {
        long[] ids = tokenizer.encode(word).getIds();
        float[] sum = new float[dimension];
        int n = 0;
        for (long id : ids) {
            if (id < 0 || id >= rows) {
                continue;
            }
            int offset = (int) id * dimension;
            for (int j = 0; j < dimension; j++) {
                sum[j] += table[offset + j];
            }
            n++;
        }
        if (n > 1) {
            for (int j = 0; j < dimension; j++) {
                sum[j] /= n;
            }
        }
        return sum;
    }
}
