package io.mre4j.core.token;

import java.util.Map;

/**
 * The tokenizer for each language: Kuromoji for Japanese, one token per character for Chinese, Unicode word rules for
 * the rest. Tokenizers are shared and thread-safe.
 */
public final class Tokenizers {
    private static final Tokenizer JAPANESE = new KuromojiTokenizer();
    private static final Tokenizer CHINESE = new CharacterTokenizer();
    private static final Tokenizer WORDS = new UnicodeWordTokenizer();
    private static final Map<String, Tokenizer> BY_NAME =
            Map.of(JAPANESE.name(), JAPANESE, CHINESE.name(), CHINESE, WORDS.name(), WORDS);

    private Tokenizers() {
    }

    /** The tokenizer for an ISO 639-1 language code; regional suffixes such as {@code zh-TW} are ignored. */
    public static Tokenizer forLanguage(String lang) {
        String base = lang == null ? "" : lang.toLowerCase(java.util.Locale.ROOT).split("[-_]")[0];
        return switch (base) {
            case "ja" -> JAPANESE;
            case "zh" -> CHINESE;
            default -> WORDS;
        };
    }

    /** The tokenizer with the given {@link Tokenizer#name()}, or null. */
    public static Tokenizer byName(String name) {
        return BY_NAME.get(name);
    }
}
