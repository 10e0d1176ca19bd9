package io.mre4j.server;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Scores;
import io.mre4j.core.doc.Span;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Occlusion: which text the engine sees without a span, and how effects are computed from two predictions. */
class OcclusionEvidenceTest {
    @Test
    void removingAWordLeavesOneSpaceBetweenItsNeighboursAndNoneAtTheStart() {
        String text = "flights from boston to denver";
        assertEquals("flights from to denver", OcclusionEvidence.without(text, new Span(13, 19, "from")));
        assertEquals("flights from boston to ", OcclusionEvidence.without(text, new Span(23, 29, "to")));
        assertEquals("from boston to denver", OcclusionEvidence.without(text, new Span(0, 7, "x")));
    }

    @Test
    void removingAJapaneseSpanJoinsTheRest() {
        assertEquals("から大阪へ行く", OcclusionEvidence.without("東京から大阪へ行く", new Span(0, 2, "LOC")));
        assertEquals("東京からへ行く", OcclusionEvidence.without("東京から大阪へ行く", new Span(4, 6, "LOC")));
    }

    @Test
    void theEffectIsTheProbabilityWithTheSpanMinusWithout() {
        Document predicted = new Document("0", "en", "fly to boston", List.of("flight"),
                List.of(new Span(7, 13, "city")), List.of(), List.of(), Map.of(),
                new Scores(Map.of("flight", 0.9, "fare", 0.1), List.of(0.8)));
        List<Document> occluded = OcclusionEvidence.occluded(predicted);
        assertEquals(1, occluded.size());
        assertEquals("fly to ", occluded.get(0).text());
        Document without = new Document("0#without-0", "en", "fly to ", List.of("fare"), List.of(), List.of(),
                List.of(), Map.of(), new Scores(Map.of("flight", 0.35, "fare", 0.65), List.of()));
        ObjectNode evidence = OcclusionEvidence.toJson(predicted, List.of(without));
        assertEquals(0.55, evidence.get("spans").get(0).get("effect").get("flight").asDouble(), 1e-9);
        assertEquals("boston", evidence.get("spans").get(0).get("surface").asText());
        assertEquals("fare", evidence.get("spans").get(0).get("labelsWithout").get(0).asText());
    }

    /** An engine without label probabilities (a generator, an LLM): the effect is whether removing the span drops it. */
    @Test
    void withoutLabelScoresTheEffectIsWhetherTheLabelSurvivesTheRemoval() {
        Document predicted = new Document("0", "en", "play abba on spotify", List.of("PlayMusic"),
                List.of(new Span(5, 9, "artist"), new Span(13, 20, "service")), List.of(), List.of(), Map.of(),
                Scores.NONE);
        Document withoutArtist = Document.unlabelled("0#without-0", "en", "play on spotify")
                .withLabels(List.of("SearchCreativeWork"));
        Document withoutService = Document.unlabelled("0#without-1", "en", "play abba on ")
                .withLabels(List.of("PlayMusic"));
        ObjectNode evidence = OcclusionEvidence.toJson(predicted, List.of(withoutArtist, withoutService));
        assertEquals(1.0, evidence.get("spans").get(0).get("effect").get("PlayMusic").asDouble(), 1e-9);
        assertEquals(0.0, evidence.get("spans").get(1).get("effect").get("PlayMusic").asDouble(), 1e-9);
    }
}
