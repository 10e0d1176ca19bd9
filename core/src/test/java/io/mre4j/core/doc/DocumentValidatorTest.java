package io.mre4j.core.doc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DocumentValidatorTest {
    private static final Schema SCHEMA = new Schema("t", List.of("en"), false, List.of("a", "b"), List.of("X"),
            List.of(), List.of(), false);

    @Test
    void aValidDocumentHasNoProblems() {
        Document d = Document.of("d", "en", "hello world", List.of("a"), List.of(new Span(0, 5, "X")));
        assertEquals(List.of(), new DocumentValidator(SCHEMA, false).problems(d));
    }

    @Test
    void labelsOutsideTheSchemaAreNamed() {
        Document d = Document.of("d", "en", "hello world", List.of("c"), List.of(new Span(0, 5, "Y")));
        assertEquals(List.of("document 'd': labels[0] 'c' is not a text label of schema 't'",
                        "document 'd': spans[0] [0,5) label 'Y' is not a span label of schema 't'"),
                new DocumentValidator(SCHEMA, false).problems(d));
    }

    @Test
    void severalLabelsInASingleLabelSchemaAreAProblem() {
        Document d = Document.of("d", "en", "x", List.of("a", "b"), List.of());
        assertEquals(List.of("document 'd': has 2 labels but schema 't' is single-label"),
                new DocumentValidator(SCHEMA, false).problems(d));
    }

    @Test
    void overlappingSpansAreAProblemUnlessAllowed() {
        Document d = Document.of("d", "en", "new york", List.of(), List.of(new Span(0, 8, "X"), new Span(4, 8, "X")));
        assertEquals(List.of("document 'd': spans [0,8) 'X' and [4,8) 'X' overlap"),
                DocumentValidator.structural().problems(d));
        assertEquals(List.of(), new DocumentValidator(null, true).problems(d));
    }

    @Test
    void offsetsOutsideTheTextAndEmptySpansAreProblems() {
        Document d = Document.of("d", "en", "abc", List.of(), List.of(new Span(-1, 2, "X"), new Span(2, 2, "X")));
        assertEquals(List.of("document 'd': spans[0] [-1,2) is outside the text (length 3)",
                "document 'd': spans[1] [2,2) is empty"), DocumentValidator.structural().problems(d));
    }

    @Test
    void relationsMustPointAtExistingSpans() {
        Document d = new Document("d", "en", "abc", List.of(), List.of(new Span(0, 1, "X")),
                List.of(new Relation(0, 3, "r")), List.of(), java.util.Map.of());
        assertEquals(List.of("document 'd': relations[0] points at a span that does not exist (head 0, tail 3, "
                + "1 spans)"), DocumentValidator.structural().problems(d));
    }

    @Test
    void schemaInferenceCollectsLabelsAndMultiLabel() {
        Schema s = Schema.infer("x", List.of(
                Document.of("1", "en", "ab", List.of("b", "a"), List.of(new Span(0, 1, "Y"))),
                Document.of("2", "ja", "ab", List.of("c"), List.of(new Span(0, 1, "X")))));
        assertEquals(List.of("a", "b", "c"), s.textLabels());
        assertEquals(List.of("X", "Y"), s.spanLabels());
        assertEquals(List.of("en", "ja"), s.languages());
        assertEquals(true, s.multiLabel());
        assertEquals(false, s.overlappingSpans());
    }
}
