package io.mre4j.core.token;

import java.util.ArrayList;
import java.util.List;

/**
 * A text rebuilt from a pre-tokenised source (ATIS, xSID, CAIS), together with each token's offsets in it. Tokens are
 * joined by a separator, a single space by default (DESIGN §2), so that token boundaries stay recoverable.
 */
public record PretokenisedText(String text, List<Token> tokens) {

    public static PretokenisedText join(List<String> tokens, String separator) {
        StringBuilder text = new StringBuilder();
        List<Token> offsets = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            if (!offsets.isEmpty()) {
                text.append(separator);
            }
            int start = text.length();
            text.append(token);
            offsets.add(new Token(start, text.length()));
        }
        return new PretokenisedText(text.toString(), offsets);
    }

    /**
     * True when every token is a single character and at least one is CJK: a character-tokenised sentence (CAIS),
     * whose natural text has no spaces between its characters.
     */
    public static boolean isCharacterTokenised(List<String> tokens) {
        boolean cjk = false;
        for (String token : tokens) {
            if (token.codePointCount(0, token.length()) != 1) {
                return false;
            }
            cjk |= isCjk(token.codePointAt(0));
        }
        return cjk;
    }

    /** Han, kana or Hangul. */
    public static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
