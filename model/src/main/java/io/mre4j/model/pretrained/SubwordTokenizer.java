package io.mre4j.model.pretrained;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.mre4j.model.Djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A pretrained encoder's own subword tokenizer (its {@code tokenizer.json}, through DJL's Hugging Face tokenizers),
 * applied to words that mre4j's tokenizers already found. Each word maps to the subwords it became, so a word-level
 * head can read a word's first subword and every span keeps its exact character offsets (they come from mre4j's
 * tokens, never from the subwords). Thread-safe.
 */
public final class SubwordTokenizer implements AutoCloseable {
    private final PretrainedEncoder encoder;
    private final HuggingFaceTokenizer tokenizer;

    private SubwordTokenizer(PretrainedEncoder encoder, HuggingFaceTokenizer tokenizer) {
        this.encoder = encoder;
        this.tokenizer = tokenizer;
    }

    /** Loads the tokenizer of {@code encoder} from its jar. */
    public static SubwordTokenizer open(PretrainedEncoder encoder) {
        Djl.configure(0);
        try (InputStream json = encoder.openTokenizerJson()) {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
                    Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
            return new SubwordTokenizer(encoder, tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the tokenizer of " + encoder.id(), e);
        }
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    /**
     * Tokenises {@code words} into subwords with the encoder's special tokens ({@code [CLS]} first, {@code [SEP]}
     * last). At most {@code maxSubwords} subwords are kept, special tokens included: words cut off, or words that
     * became no subword at all, have {@code firstSubword} -1.
     */
    public Subwords encode(List<String> words, int maxSubwords) {
        if (maxSubwords < 2) {
            throw new IllegalArgumentException("maxSubwords must leave room for the two special tokens");
        }
        Encoding encoding = tokenizer.encode(words, true, false);
        long[] ids = encoding.getIds();
        long[] typeIds = encoding.getTypeIds();
        long[] wordIds = encoding.getWordIds();
        long[] special = encoding.getSpecialTokenMask();
        int n = ids.length;
        int keep = Math.min(n, maxSubwords);
        long[] outIds = Arrays.copyOf(ids, keep);
        long[] outTypes = Arrays.copyOf(typeIds, keep);
        if (keep < n) {
            // Keep the closing special token: the encoder was trained with it.
            outIds[keep - 1] = ids[n - 1];
            outTypes[keep - 1] = typeIds[n - 1];
        }
        int[] first = new int[words.size()];
        int[] count = new int[words.size()];
        Arrays.fill(first, -1);
        int lastContent = keep < n ? keep - 1 : keep;
        for (int i = 0; i < lastContent; i++) {
            if (special[i] != 0 || wordIds[i] < 0) {
                continue;
            }
            int word = (int) wordIds[i];
            if (first[word] < 0) {
                first[word] = i;
            }
            count[word]++;
        }
        return new Subwords(outIds, outTypes, first, count);
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /**
     * One text's subwords. {@code ids} and {@code typeIds} include the special tokens; {@code firstSubword[w]} is the
     * index in {@code ids} of word {@code w}'s first subword (-1: none), {@code subwordCount[w]} how many it kept.
     */
    public record Subwords(long[] ids, long[] typeIds, int[] firstSubword, int[] subwordCount) {
        public int length() {
            return ids.length;
        }
    }
}
