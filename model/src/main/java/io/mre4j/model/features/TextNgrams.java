package io.mre4j.model.features;

import io.mre4j.core.token.Token;

import java.util.List;

/**
 * The text head's "wide" features: hashed word unigrams and bigrams and character trigrams of a text, as fastText and
 * CoreNLP's column classifier use them. A linear layer over them, added to the text logits, remembers cue words and
 * phrases directly, which the BiLSTM's pooled states only approximate; on intent data these classifiers alone come
 * within a few points of the neural ones. Words are normalised as for the vocabulary (lower case, digits as 0).
 *
 * <p>Features are hashed (FNV-1a, 32 bits, a kind prefix per feature family) into {@code buckets - 1} slots; slot 0 is
 * left for padding. The hash is fixed by this class, not by the JVM, so a bundle means the same on every machine.
 */
public final class TextNgrams {
    private TextNgrams() {
    }

    /** The feature slots of one text, in order of appearance (repeats kept: a feature's weight counts per use). */
    public static int[] of(String text, List<Token> tokens, int buckets) {
        int n = tokens.size();
        String[] words = new String[n];
        for (int i = 0; i < n; i++) {
            words[i] = Vocabulary.normalise(tokens.get(i).surface(text), true);
        }
        int count = 2 * n;
        for (String w : words) {
            count += w.length();
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            out[k++] = slot(hash(hash(SEED, 'w'), words[i]), buckets);
            out[k++] = slot(hash(hash(hash(hash(SEED, 'b'), i == 0 ? "<s>" : words[i - 1]), ' '), words[i]), buckets);
            String padded = "<" + words[i] + ">";
            for (int c = 0; c + 3 <= padded.length(); c++) {
                out[k++] = slot(hash(hash(SEED, 'c'), padded.substring(c, c + 3)), buckets);
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    private static final int SEED = 0x811c9dc5;

    private static int hash(int h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = hash(h, s.charAt(i));
        }
        return h;
    }

    private static int hash(int h, char c) {
        return (h ^ c) * 0x01000193;
    }

    private static int slot(int h, int buckets) {
        return 1 + Integer.remainderUnsigned(h, buckets - 1);
    }
}
