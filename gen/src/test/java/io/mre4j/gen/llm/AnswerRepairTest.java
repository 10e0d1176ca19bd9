package io.mre4j.gen.llm;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.slg.SlgDialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerRepairTest {
    private static final String TEXT = "cheapest flight from boston to new  york then back to boston";
    private static final Schema FLIGHTS = schema(false, List.of("atis_airfare", "atis_flight"),
            List.of("fromloc", "toloc"));
    private static final Document INPUT = Document.unlabelled("q1", "en", TEXT);

    private static Schema schema(boolean multi, List<String> labels, List<String> types) {
        return new Schema("t", List.of("en"), multi, labels, types, List.of(), List.of(), false);
    }

    private static AnswerRepair.Result repair(Schema schema, Document input, String answer) {
        return new AnswerRepair(schema, SlgDialect.NER).repair(input, answer);
    }

    @Test
    void aWellFormedJsonAnswerNeedsNoRepair() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "{\"labels\": [\"atis_airfare\"], \"entities\": ["
                + "{\"type\": \"fromloc\", \"text\": \"boston\"}, {\"type\": \"toloc\", \"text\": \"new  york\"}]}");
        assertEquals(List.of("atis_airfare"), r.document().labels());
        assertEquals(List.of(new Span(21, 27, "fromloc"), new Span(31, 40, "toloc")), r.document().spans());
        assertTrue(r.counts().clean(), r.counts().toString());
        assertEquals(2, r.counts().entitiesExact());
    }

    @Test
    void jsonInsideACodeFenceAndProseIsFound() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "Sure! Here it is:\n```json\n{\"labels\": [\"atis_flight\"], "
                + "\"entities\": []}\n```\nHope this helps.");
        assertEquals(List.of("atis_flight"), r.document().labels());
        assertEquals(0, r.counts().malformed());
    }

    @Test
    void theStringFormIsReadToo() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "<atis_flight>/NER/:fromloc;boston:toloc;new  york");
        assertEquals(List.of("atis_flight"), r.document().labels());
        assertEquals(List.of(new Span(21, 27, "fromloc"), new Span(31, 40, "toloc")), r.document().spans());
    }

    @Test
    void labelsOutsideTheSchemaAreDroppedAndCaseIsForgiven() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "{\"labels\": [\"hotel\", \"ATIS_Flight\", \"atis_airfare\"]}");
        assertEquals(List.of("atis_flight"), r.document().labels());
        assertEquals(1, r.counts().labelsRecased());
        assertEquals(2, r.counts().labelsDropped(), "an unknown label, and a second label for a single-label task");
        assertFalse(r.problems().isEmpty());
    }

    @Test
    void inventedEntitiesAndUnknownTypesAreDropped() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "{\"labels\": [\"atis_flight\"], \"entities\": ["
                + "{\"type\": \"toloc\", \"text\": \"paris\"}, {\"type\": \"airline\", \"text\": \"boston\"}]}");
        assertEquals(List.of(), r.document().spans());
        assertEquals(2, r.counts().entitiesDropped());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("'paris' does not occur")), r.problems().toString());
    }

    @Test
    void nearMissesInSpacingCaseAndWidthAreGroundedToTheOriginalText() {
        AnswerRepair.Result spacing = repair(FLIGHTS, INPUT, "{\"labels\": [\"atis_flight\"], \"entities\": ["
                + "{\"type\": \"toloc\", \"text\": \"New York\"}]}");
        assertEquals(List.of(new Span(31, 40, "toloc")), spacing.document().spans());
        assertEquals(1, spacing.counts().entitiesNearMiss());
        String japanese = "ＡＢＣ株式会社の業績は好調";
        Schema companies = schema(false, List.of("ポジティブ"), List.of("組織名"));
        AnswerRepair.Result width = repair(companies, Document.unlabelled("j", "ja", japanese),
                "{\"labels\": [\"ポジティブ\"], \"entities\": [{\"type\": \"組織名\", \"text\": \"ABC株式会社\"}]}");
        assertEquals(List.of(new Span(0, 7, "組織名")), width.document().spans());
        assertEquals("ＡＢＣ株式会社", japanese.substring(0, 7));
    }

    @Test
    void aRepeatedSurfaceIsGroundedLeftToRight() {
        AnswerRepair.Result r = repair(FLIGHTS, INPUT, "{\"labels\": [\"atis_flight\"], \"entities\": ["
                + "{\"type\": \"fromloc\", \"text\": \"boston\"}, {\"type\": \"toloc\", \"text\": \"boston\"}]}");
        assertEquals(List.of(new Span(21, 27, "fromloc"), new Span(54, 60, "toloc")), r.document().spans());
    }

    @Test
    void truncatedOrEmptyAnswersAreMalformedButStillADocument() {
        for (String answer : List.of("{\"labels\": [\"atis_flight\"], \"entities\": [{\"type\": \"fromloc\", \"te",
                "", "I cannot help with that.")) {
            AnswerRepair.Result r = repair(FLIGHTS, INPUT, answer);
            assertEquals(1, r.counts().malformed(), answer);
            assertEquals(List.of(), r.document().labels());
            assertEquals(List.of(), r.document().spans());
            assertEquals(TEXT, r.document().text());
        }
    }

    @Test
    void countsAddUp() {
        AnswerRepair.Counts a = repair(FLIGHTS, INPUT, "{\"labels\": [\"hotel\"]}").counts();
        AnswerRepair.Counts b = repair(FLIGHTS, INPUT, "nothing").counts();
        AnswerRepair.Counts sum = a.plus(b);
        assertEquals(2, sum.answers());
        assertEquals(1, sum.malformed());
        assertEquals(1, sum.labelsDropped());
    }
}
