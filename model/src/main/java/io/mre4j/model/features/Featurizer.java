package io.mre4j.model.features;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns documents into {@link Example}s: tokenises each text with its language's tokenizer, looks words and
 * characters up in the frozen vocabulary, and encodes gold spans as BIO tags. Spans the tags cannot hold (an edge
 * inside a token, or a label the model does not know) are counted in {@link #droppedSpans()}, never moved.
 */
public final class Featurizer {
    private final Vocabulary vocabulary;
    private final LabelSpace labels;
    private final String defaultLang;
    private final int maxTokens;
    private final int maxTokenChars;
    private int droppedSpans;
    private int truncatedTexts;

    public Featurizer(Vocabulary vocabulary, LabelSpace labels, String defaultLang, int maxTokens,
                      int maxTokenChars) {
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.defaultLang = defaultLang;
        this.maxTokens = maxTokens;
        this.maxTokenChars = maxTokenChars;
    }

    /** An example without gold targets, for prediction. Tokens after the first {@code maxTokens} are not read. */
    public Example features(Document d) {
        List<Token> tokens = Tokenizers.forLanguage(d.lang().isEmpty() ? defaultLang : d.lang()).tokenize(d.text());
        if (tokens.size() > maxTokens) {
            truncatedTexts++;
            tokens = List.copyOf(tokens.subList(0, maxTokens));
        }
        int n = Math.max(1, tokens.size());
        int[] words = new int[n];
        int[][] chars = new int[n][];
        if (tokens.isEmpty()) {
            words[0] = Vocabulary.EMPTY;
            chars[0] = new int[] {Vocabulary.PAD};
        }
        for (int i = 0; i < tokens.size(); i++) {
            String surface = tokens.get(i).surface(d.text());
            words[i] = vocabulary.wordId(surface);
            chars[i] = surface.codePoints().limit(maxTokenChars).map(vocabulary::charId).toArray();
        }
        return new Example(d, tokens, words, chars, new int[n], -1, new int[0]);
    }

    /** An example with gold tags and text targets, for training and evaluation. */
    public Example trainingExample(Document d) {
        Example e = features(d);
        int[] tags = new int[e.length()];
        if (labels.hasTags() && !e.tokens().isEmpty()) {
            List<Span> known = new ArrayList<>();
            for (Span s : d.spans()) {
                if (labels.tagId(s.label(), false) >= 0) {
                    known.add(s);
                } else {
                    droppedSpans++;
                }
            }
            SpanTagger.Encoding encoding = SpanTagger.encode(e.tokens(), known, TagScheme.BIO);
            droppedSpans += encoding.misaligned().size() + encoding.overlapping().size();
            for (int i = 0; i < tags.length; i++) {
                Tag tag = encoding.tags().get(i);
                tags[i] = tag.isOutside() ? LabelSpace.OUTSIDE : labels.tagId(tag.label(), tag.position() == 'I');
            }
        } else {
            droppedSpans += labels.hasTags() ? d.spans().size() : 0;
        }
        int textClass = labels.textHead() == TextHead.NONE ? -1 : labels.classOf(d.labels());
        int[] textLabels = d.labels().stream().mapToInt(labels::labelId).filter(i -> i >= 0).toArray();
        return new Example(d, e.tokens(), e.words(), e.chars(), tags, textClass, textLabels);
    }

    /** Gold spans left out of the tags so far: misaligned with the tokens, overlapping, or of an unknown label. */
    public int droppedSpans() {
        return droppedSpans;
    }

    /** Texts longer than the model's token limit so far. */
    public int truncatedTexts() {
        return truncatedTexts;
    }
}
