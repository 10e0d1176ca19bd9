package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.mre4j.model.fewshot.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerbalizerTest {
    private static final List<String> LABELS = List.of("BookRestaurant", "GetWeather", "PlayMusic");

    private static Optional<Verbalizer.Item> item(Verbalizer v, String label, Verbalizer.Kind kind, String value) {
        return v.items(label).stream().filter(i -> i.kind() == kind && i.value().equals(value)).findFirst();
    }

    @Test
    void anItemOnlyOneLabelHasWeighsItsShareOfTheLabelsExamplesTimesItsSpecificity() {
        Verbalizer v = Verbalizer.mine(Fixtures.train(), LABELS);
        Verbalizer.Item artist = item(v, "PlayMusic", Verbalizer.Kind.TYPE, "artist").orElseThrow();
        assertEquals("artist", artist.text());
        assertEquals(3, artist.examples());
        assertEquals(0.75, artist.typicality(), 1e-12);
        double p = (0.75 + Verbalizer.SMOOTHING) / (0.75 + 3 * Verbalizer.SMOOTHING);
        assertEquals(p, artist.probability(), 1e-12);
        assertEquals((p - 1.0 / 3) / (1 - 1.0 / 3), artist.specificity(), 1e-12);
        assertEquals(artist.typicality() * artist.specificity(), artist.weight(), 1e-12);
    }

    @Test
    void anItemSpreadEvenlyOverEveryLabelWeighsNothing() {
        List<Document> support = List.of(
                doc("a", "A", "in paris now", "paris", "city"),
                doc("b", "B", "from paris", "paris", "city"),
                doc("c", "C", "paris again", "paris", "city"));
        Verbalizer v = Verbalizer.mine(support, List.of("A", "B", "C"));
        assertTrue(v.items("A").isEmpty(), v.items("A").toString());
    }

    @Test
    void anItemSharedByTwoOfThreeLabelsWeighsLessThanAnItemOfOneLabel() {
        Verbalizer v = Verbalizer.mine(Fixtures.train(), LABELS);
        // city: GetWeather (4 of 4 examples) and BookRestaurant (1 of 4); date: GetWeather 1, BookRestaurant 1.
        Verbalizer.Item city = item(v, "GetWeather", Verbalizer.Kind.TYPE, "city").orElseThrow();
        Verbalizer.Item condition = item(v, "GetWeather", Verbalizer.Kind.TYPE, "condition").orElseThrow();
        assertTrue(city.specificity() < 1 && city.specificity() > 0);
        assertTrue(condition.specificity() > city.specificity());
        assertTrue(item(v, "BookRestaurant", Verbalizer.Kind.TYPE, "date").orElseThrow().specificity()
                < item(v, "BookRestaurant", Verbalizer.Kind.TYPE, "party_size").orElseThrow().specificity());
    }

    @Test
    void surfacesAreLowerCasedAndTypesReadable() {
        List<Document> support = List.of(doc("a", "A", "Play Miles Davis", "Miles Davis", "artist_name"),
                doc("b", "B", "weather", new String[0]));
        Verbalizer v = Verbalizer.mine(support, List.of("A", "B"));
        assertTrue(item(v, "A", Verbalizer.Kind.SURFACE, "miles davis").isPresent(), v.items("A").toString());
        assertEquals("artist name", item(v, "A", Verbalizer.Kind.TYPE, "artist_name").orElseThrow().text());
        assertTrue(v.items("B").isEmpty());
        assertTrue(v.only(Verbalizer.Kind.TYPE).items("A").stream().allMatch(i -> i.kind() == Verbalizer.Kind.TYPE));
    }

    @Test
    void itemsAreSortedHeaviestFirst() {
        Verbalizer v = Verbalizer.mine(Fixtures.train(), LABELS);
        for (String label : LABELS) {
            List<Verbalizer.Item> items = v.items(label);
            for (int i = 1; i < items.size(); i++) {
                assertTrue(items.get(i - 1).weight() >= items.get(i).weight());
            }
        }
    }
}
