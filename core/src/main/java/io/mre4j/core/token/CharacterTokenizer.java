package io.mre4j.core.token;

import java.util.ArrayList;
import java.util.List;

/**
 * One token per character (code point), for Chinese, whose text has no word separators and whose corpora (CAIS) are
 * annotated by character. Whitespace is skipped. A character outside the Basic Multilingual Plane is one token two
 * UTF-16 units long.
 */
public final class CharacterTokenizer implements Tokenizer {
    @Override
    public List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp)) {
                tokens.add(new Token(i, next));
            }
            i = next;
        }
        return tokens;
    }

    @Override
    public String name() {
        return "char";
    }
}
