package io.mre4j.core.slg;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Event;
import io.mre4j.core.doc.Relation;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlgCodecTest {
    private static final String ATIS = "show flights from boston to denver";

    private static Document decode(Document d, String target, SlgDialect dialect) throws SlgCodec.SyntaxException {
        return SlgCodec.decode(d.withLabels(List.of()).withSpans(List.of()), target, dialect);
    }

    @Test
    void encodesTheDesignExample() {
        Document d = Document.of("a", "en", ATIS, List.of("atis_flight"),
                List.of(new Span(18, 24, "fromloc.city_name"), new Span(28, 34, "toloc.city_name")));
        assertEquals("<atis_flight>/NER/:fromloc.city_name;boston:toloc.city_name;denver",
                SlgCodec.encode(d, SlgDialect.NER));
    }

    @Test
    void encodesTheScnmExampleAndItsNoEntityMarker() {
        Document d = Document.of("j", "ja", "SPRiNGSと最も仲の良いライバルグループ。", List.of("社会"),
                List.of(new Span(0, 7, "その他の組織名")));
        assertEquals("<社会>固有表現抽出:その他の組織名;SPRiNGS", SlgCodec.encode(d, SlgDialect.SCNM));
        assertEquals("<社会>固有表現抽出:無い;", SlgCodec.encode(d.withSpans(List.of()), SlgDialect.SCNM));
    }

    @Test
    void theSourceGivesTheTextTheCandidateLabelsAndTheTaskWord() {
        assertEquals("SPRiNGSと最も仲の良いライバルグループ。<社会><スポーツ>固有表現抽出",
                SlgCodec.encodeSource("SPRiNGSと最も仲の良いライバルグループ。", List.of("社会", "スポーツ"), SlgDialect.SCNM));
        assertEquals("fares: boston<atis_flight><a\\:b>/NER/",
                SlgCodec.encodeSource("fares: boston", List.of("atis_flight", "a:b"), SlgDialect.NER));
    }

    @Test
    void decodingGivesBackLabelsAndExactOffsets() throws Exception {
        Document d = Document.of("a", "en", ATIS, List.of("atis_flight", "atis_airfare"),
                List.of(new Span(18, 24, "fromloc.city_name"), new Span(28, 34, "toloc.city_name")));
        assertEquals(d, decode(d, SlgCodec.encode(d, SlgDialect.NER), SlgDialect.NER));
    }

    @Test
    void theNoEntityMarkerDecodesToNoSpans() throws Exception {
        Document d = Document.of("j", "ja", "雨です。", List.of("天気"), List.of());
        assertEquals(d, decode(d, "<天気>固有表現抽出:無い;", SlgDialect.SCNM));
    }

    @Test
    void separatorsInsideLabelsAndSurfacesAreEscaped() throws Exception {
        String text = "meet at 10:30; bring a<b> and see /RE/ notes";
        Document d = Document.of("e", "en", text, List.of("a:b<c>"),
                List.of(new Span(8, 13, "time;x"), new Span(21, 25, "tag=1"), new Span(34, 38, "path")));
        String target = SlgCodec.encode(d, SlgDialect.NER);
        assertEquals("<a\\:b\\<c\\>>/NER/:time\\;x;10\\:30:tag\\=1;a\\<b\\>:path;\\/RE/", target);
        assertEquals(d, decode(d, target, SlgDialect.NER));
    }

    @Test
    void repeatedSurfacesAreGroundedLeftToRight() throws Exception {
        String text = "from boston to boston";
        Document d = Document.of("r", "en", text, List.of("x"),
                List.of(new Span(5, 11, "from"), new Span(15, 21, "to")));
        assertEquals(d, decode(d, SlgCodec.encode(d, SlgDialect.NER), SlgDialect.NER));
        assertTrue(SlgCodec.regrounded(d, SlgDialect.NER).isEmpty());
    }

    @Test
    void anOccurrenceOnWordBoundariesIsPreferredToOneInsideAWord() throws Exception {
        Document d = Document.of("w", "en", "a bostonian in boston", List.of(), List.of(new Span(15, 21, "city")));
        assertEquals(d, decode(d, SlgCodec.encode(d, SlgDialect.NER), SlgDialect.NER));
    }

    @Test
    void aSpanThatIsNotTheFirstFittingOccurrenceIsCountedAsRegrounded() {
        Document d = Document.of("g", "en", "boston boston", List.of(), List.of(new Span(7, 13, "city")));
        assertEquals(List.of(new Span(7, 13, "city")), SlgCodec.regrounded(d, SlgDialect.NER));
    }

    @Test
    void relationsAndEventsRoundTrip() throws Exception {
        String text = "Ann met Bob in Rome";
        Document d = new Document("rel", "en", text, List.of("social"),
                List.of(new Span(0, 3, "PER"), new Span(8, 11, "PER"), new Span(15, 19, "LOC")),
                List.of(new Relation(0, 1, "knows")),
                List.of(new Event(1, "meet", List.of(new Event.Argument("place", 2)))), Map.of());
        String target = SlgCodec.encode(d, SlgDialect.NER);
        assertEquals("<social>/NER/:PER;Ann:PER;Bob:LOC;Rome/RE/:Ann;knows;Bob:/EE/:meet;Bob;place=Rome:", target);
        assertEquals(d, decode(d, target, SlgDialect.NER));
    }

    @Test
    void anEntityNotInTheTextIsASyntaxError() {
        Document d = Document.unlabelled("n", "en", ATIS);
        SlgCodec.SyntaxException e = assertThrows(SlgCodec.SyntaxException.class,
                () -> SlgCodec.decode(d, "<x>/NER/:city;paris", SlgDialect.NER));
        assertEquals("entity 'paris' does not occur in the text", e.getMessage());
    }

    @Test
    void aMissingTaskWordIsASyntaxError() {
        Document d = Document.unlabelled("n", "en", ATIS);
        assertThrows(SlgCodec.SyntaxException.class, () -> SlgCodec.decode(d, "<x>:city;boston", SlgDialect.NER));
    }
}
