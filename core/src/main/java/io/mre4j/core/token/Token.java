package io.mre4j.core.token;

/**
 * A token: a half-open range of UTF-16 offsets into its text, with a part-of-speech tag where the tokenizer gives
 * one (Kuromoji for Japanese), else an empty string.
 */
public record Token(int start, int end, String pos) {
    public Token(int start, int end) {
        this(start, end, "");
    }

    public String surface(String text) {
        return text.substring(start, end);
    }
}
