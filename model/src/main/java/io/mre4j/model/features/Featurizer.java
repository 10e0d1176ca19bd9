package io.mre4j.model.features;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.Tag;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;
import io.mre4j.model.pretrained.SubwordTokenizer;
import io.mre4j.model.pretrained.WordVectors;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns documents into {@link Example}s: tokenises each text with its language's tokenizer, looks words and
 * characters up in the frozen vocabulary, and encodes gold spans as BIO tags. Spans the tags cannot hold (an edge
 * inside a token, or a label the model does not know) are counted in {@link #droppedSpans()}, never moved. With a
 * pretrained encoder, each example also holds its tokens' subwords; a text whose subwords do not fit the encoder
 * is cut after the last token that fits whole, like a text longer than {@code maxTokens}. With static word vectors,
 * each example also holds its tokens' vectors.
 */
public final class Featurizer {
    private final Vocabulary vocabulary;
    private final LabelSpace labels;
    private final String defaultLang;
    private final int maxTokens;
    private final int maxTokenChars;
    private final SubwordTokenizer subwordTokenizer;
    private final int maxSubwords;
    private final WordVectors wordVectors;
    private int droppedSpans;
    private int truncatedTexts;

    public Featurizer(Vocabulary vocabulary, LabelSpace labels, String defaultLang, int maxTokens,
                      int maxTokenChars) {
        this(vocabulary, labels, defaultLang, maxTokens, maxTokenChars, null, 0, null);
    }

    /**
     * A featurizer that also gives each example its subwords ({@code subwordTokenizer} null: none), at most
     * {@code maxSubwords} per text with the special tokens, and its tokens' static word vectors
     * ({@code wordVectors} null: none).
     */
    public Featurizer(Vocabulary vocabulary, LabelSpace labels, String defaultLang, int maxTokens,
                      int maxTokenChars, SubwordTokenizer subwordTokenizer, int maxSubwords,
                      WordVectors wordVectors) {
        this.wordVectors = wordVectors;
        this.subwordTokenizer = subwordTokenizer;
        this.maxSubwords = maxSubwords;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.defaultLang = defaultLang;
        this.maxTokens = maxTokens;
        this.maxTokenChars = maxTokenChars;
    }

    /** An example without gold targets, for prediction. Tokens after the first {@code maxTokens} are not read. */
    public Example features(Document d) {
        List<Token> tokens = Tokenizers.forLanguage(d.lang().isEmpty() ? defaultLang : d.lang()).tokenize(d.text());
        boolean truncated = tokens.size() > maxTokens;
        if (truncated) {
            tokens = List.copyOf(tokens.subList(0, maxTokens));
        }
        SubwordTokenizer.Subwords subwords = null;
        if (subwordTokenizer != null) {
            List<String> surfaces = tokens.stream().map(t -> t.surface(d.text())).toList();
            subwords = subwordTokenizer.encode(surfaces, Integer.MAX_VALUE);
            if (subwords.length() > maxSubwords) {
                int fit = 0;
                while (fit < surfaces.size() && lastSubword(subwords, fit) <= maxSubwords - 1) {
                    fit++;
                }
                tokens = List.copyOf(tokens.subList(0, fit));
                subwords = subwordTokenizer.encode(surfaces.subList(0, fit), maxSubwords);
                truncated = true;
            }
        }
        if (truncated) {
            truncatedTexts++;
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
            chars[i] = vocabulary.charIds(surface, maxTokenChars);
        }
        float[][] vectors = wordVectors == null ? null : wordVectors.vectors(d.text(), tokens);
        return new Example(d, tokens, words, chars, new int[n], -1, new int[0], subwords, vectors);
    }

    /** One past the last subword of {@code word} and of every word before it. */
    private static int lastSubword(SubwordTokenizer.Subwords subwords, int word) {
        int end = 1;
        for (int w = 0; w <= word; w++) {
            if (subwords.firstSubword()[w] >= 0) {
                end = subwords.firstSubword()[w] + subwords.subwordCount()[w];
            }
        }
        return end;
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
        return new Example(d, e.tokens(), e.words(), e.chars(), tags, textClass, textLabels, e.subwords(),
                e.vectors());
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
