package io.mre4j.core.token;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words by the Unicode word-boundary rules (UAX #29, through {@link BreakIterator}), for English and every language
 * without a tokenizer of its own. Words such as {@code don't} and {@code 3.5} stay whole; each punctuation mark is a
 * token; whitespace is dropped. A token never crosses whitespace, so spans of a pre-tokenised corpus whose tokens
 * were joined by spaces always fall on token boundaries.
 */
public final class UnicodeWordTokenizer implements Tokenizer {
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
                tokens.add(new Token(s, e));
            }
        }
        return tokens;
    }

    @Override
    public String name() {
        return "unicode-words";
    }
}
