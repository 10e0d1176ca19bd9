package io.mre4j.core.token;

import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Japanese morphemes from Lucene's Kuromoji analyser (IPADIC), with their part-of-speech tags. Punctuation is kept as
 * tokens, because it carries information a tagger needs; whitespace is dropped. Normal mode is used, not search mode,
 * so that compounds stay single tokens as they usually do in NER annotation.
 */
public final class KuromojiTokenizer implements Tokenizer {
    private static final ThreadLocal<JapaneseTokenizer> ANALYSERS = ThreadLocal.withInitial(
            () -> new JapaneseTokenizer(null, false, JapaneseTokenizer.Mode.NORMAL));

    @Override
    public List<Token> tokenize(String text) {
        JapaneseTokenizer analyser = ANALYSERS.get();
        List<Token> tokens = new ArrayList<>();
        try {
            analyser.setReader(new StringReader(text));
            analyser.reset();
            OffsetAttribute offsets = analyser.getAttribute(OffsetAttribute.class);
            PartOfSpeechAttribute pos = analyser.getAttribute(PartOfSpeechAttribute.class);
            while (analyser.incrementToken()) {
                int start = offsets.startOffset();
                int end = offsets.endOffset();
                if (!text.substring(start, end).isBlank()) {
                    String tag = pos.getPartOfSpeech();
                    tokens.add(new Token(start, end, tag == null ? "" : tag));
                }
            }
            analyser.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a String cannot fail", e);
        } finally {
            try {
                analyser.close();
            } catch (IOException ignored) {
                // Closing a tokenizer over a StringReader releases nothing that can fail.
            }
        }
        return tokens;
    }

    @Override
    public String name() {
        return "kuromoji";
    }
}
