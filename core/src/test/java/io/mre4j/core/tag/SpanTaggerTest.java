package io.mre4j.core.tag;

import io.mre4j.core.doc.Span;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpanTaggerTest {
    private static final String TEXT = "fly from new york to la";
    private static final List<Token> TOKENS = Tokenizers.forLanguage("en").tokenize(TEXT);

    private static List<String> strings(List<Tag> tags) {
        return tags.stream().map(Tag::toString).toList();
    }

    @Test
    void encodesBio() {
        SpanTagger.Encoding e = SpanTagger.encode(TOKENS,
                List.of(new Span(9, 17, "from"), new Span(21, 23, "to")), TagScheme.BIO);
        assertEquals(List.of("O", "O", "B-from", "I-from", "O", "B-to"), strings(e.tags()));
        assertTrue(e.complete());
    }

    @Test
    void encodesBioes() {
        SpanTagger.Encoding e = SpanTagger.encode(TOKENS,
                List.of(new Span(0, 17, "x"), new Span(21, 23, "to")), TagScheme.BIOES);
        assertEquals(List.of("B-x", "I-x", "I-x", "E-x", "O", "S-to"), strings(e.tags()));
    }

    @Test
    void aSpanWithAnEdgeInsideATokenIsReportedNotMoved() {
        SpanTagger.Encoding e = SpanTagger.encode(TOKENS, List.of(new Span(10, 17, "from")), TagScheme.BIO);
        assertEquals(List.of(new Span(10, 17, "from")), e.misaligned());
        assertEquals(List.of("O", "O", "O", "O", "O", "O"), strings(e.tags()));
    }

    @Test
    void anOverlappingSpanIsReported() {
        SpanTagger.Encoding e = SpanTagger.encode(TOKENS,
                List.of(new Span(9, 17, "from"), new Span(13, 17, "state")), TagScheme.BIO);
        assertEquals(List.of(new Span(13, 17, "state")), e.overlapping());
    }

    @Test
    void decodingInvertsEncoding() {
        List<Span> spans = List.of(new Span(0, 3, "a"), new Span(9, 17, "from"), new Span(21, 23, "to"));
        for (TagScheme scheme : TagScheme.values()) {
            assertEquals(spans, SpanTagger.decode(TOKENS, SpanTagger.encode(TOKENS, spans, scheme).tags()));
        }
    }

    @Test
    void anInsideTagWithoutABeginStartsASpanAsConllevalDoes() {
        List<Tag> tags = List.of("O", "I-x", "I-x", "B-x", "I-y", "O").stream().map(Tag::parse).toList();
        assertEquals(List.of(new Span(4, 12, "x"), new Span(13, 17, "x"), new Span(18, 20, "y")),
                SpanTagger.decode(TOKENS, tags));
    }

    @Test
    void tagsWithDashesInTheLabelParse() {
        assertEquals(new Tag('B', "weather/attribute-x"), Tag.parse("B-weather/attribute-x"));
        assertNull(Tag.parse("B-"));
        assertNull(Tag.parse("X-city"));
        assertNull(Tag.parse("o"));
    }
}
