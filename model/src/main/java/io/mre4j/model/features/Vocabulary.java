package io.mre4j.model.features;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word and character vocabularies, frozen once built from the training data (ids never change afterwards). Id 0 is
 * padding, 1 the unknown word or character, 2 the stand-in for a text with no token.
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int UNKNOWN = 1;
    public static final int EMPTY = 2;
    private static final int RESERVED = 3;

    private final List<String> words;
    private final List<String> chars;
    private final boolean normalise;
    private final Map<String, Integer> wordIds = new HashMap<>();
    private final Map<Integer, Integer> charIds = new HashMap<>();

    /**
     * @param words     the known words, in id order from id 3
     * @param chars     the known characters (code points as strings), in id order from id 3
     * @param normalise whether words are lower-cased and their digits mapped to 0 before lookup
     */
    public Vocabulary(List<String> words, List<String> chars, boolean normalise) {
        this.words = List.copyOf(words);
        this.chars = List.copyOf(chars);
        this.normalise = normalise;
        for (int i = 0; i < this.words.size(); i++) {
            wordIds.put(this.words.get(i), i + RESERVED);
        }
        for (int i = 0; i < this.chars.size(); i++) {
            charIds.put(this.chars.get(i).codePointAt(0), i + RESERVED);
        }
    }

    /** The form under which a word is looked up. */
    public static String normalise(String word, boolean normalise) {
        if (!normalise) {
            return word;
        }
        StringBuilder out = new StringBuilder(word.length());
        word.toLowerCase(Locale.ROOT).codePoints()
                .forEach(cp -> out.appendCodePoint(Character.isDigit(cp) ? '0' : cp));
        return out.toString();
    }

    public int wordId(String word) {
        return wordIds.getOrDefault(normalise(word, normalise), UNKNOWN);
    }

    public int charId(int codePoint) {
        return charIds.getOrDefault(codePoint, UNKNOWN);
    }

    /** The character ids of a token's first {@code maxChars} code points. */
    public int[] charIds(String token, int maxChars) {
        return token.codePoints().limit(maxChars).map(this::charId).toArray();
    }

    public int wordCount() {
        return words.size() + RESERVED;
    }

    public int charCount() {
        return chars.size() + RESERVED;
    }

    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    public List<String> chars() {
        return Collections.unmodifiableList(chars);
    }

    public boolean normalises() {
        return normalise;
    }
}
