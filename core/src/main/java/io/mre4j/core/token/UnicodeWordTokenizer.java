package io.mre4j.core.token;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words by the Unicode word-boundary rules (UAX #29, through {@link BreakIterator}), for English and every language
 * without a tokenizer of its own. Numbers such as {@code 3.5} stay whole; each punctuation mark is a token; whitespace
 * is dropped. English clitics are split off as spaCy and the Penn Treebank do ({@code Fitzgerald's} → {@code
 * Fitzgerald} {@code 's}, {@code don't} → {@code do} {@code n't}), because an entity is so often followed by a
 * possessive that keeping {@code 's} attached would put the entity's edge inside a token. A token never crosses whitespace, so spans of a pre-tokenised corpus whose tokens
 * were joined by spaces always fall on token boundaries.
 */
public final class UnicodeWordTokenizer implements Tokenizer {
    private static final java.util.Set<String> CLITICS = java.util.Set.of("s", "re", "ve", "ll", "d", "m");
    private static final ThreadLocal<BreakIterator> WORDS =
            ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(Locale.ROOT));

    @Override
    public List<Token> tokenize(String text) {
        BreakIterator words = WORDS.get();
        words.setText(text);
        List<Token> tokens = new ArrayList<>();
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            int s = start;
            while (s < end && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            int e = end;
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (s < e) {
                int clitic = cliticStart(text, s, e);
                if (clitic > s) {
                    tokens.add(new Token(s, clitic));
                    s = clitic;
                }
                tokens.add(new Token(s, e));
            }
        }
        return tokens;
    }

    /** Where an English clitic ('s, 're, 've, 'll, 'd, 'm, n't) at the end of the word starts, or -1. */
    private static int cliticStart(String text, int start, int end) {
        for (int i = end - 1; i > start; i--) {
            char c = text.charAt(i);
            if (c == '\'') {
                String suffix = text.substring(i + 1, end).toLowerCase(java.util.Locale.ROOT);
                if (suffix.equals("t") && i - 1 > start && Character.toLowerCase(text.charAt(i - 1)) == 'n') {
                    return i - 1;
                }
                return CLITICS.contains(suffix) ? i : -1;
            }
        }
        return -1;
    }

    @Override
    public String name() {
        return "unicode-words";
    }
}
