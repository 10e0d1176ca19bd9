package io.mre4j.core.token;

import java.util.List;

/**
 * Splits a text into tokens that keep their character offsets. Whitespace is never a token; punctuation always is.
 * Implementations are thread-safe.
 */
public interface Tokenizer {
    List<Token> tokenize(String text);

    /** A short name, recorded in model bundles so that prediction tokenises as training did. */
    String name();
}
