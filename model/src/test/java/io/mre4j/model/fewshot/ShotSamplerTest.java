package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mre4j.model.fewshot.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShotSamplerTest {
    private final ShotSampler sampler = new ShotSampler(Fixtures.train());

    @Test
    void eachLabelGetsKExamples() {
        ShotSampler.Support support = sampler.sample(2, 42);
        assertEquals(Map.of("BookRestaurant", 2, "GetWeather", 2, "PlayMusic", 2), support.counts());
        assertEquals(6, support.documents().size());
        assertTrue(support.shortLabels().isEmpty());
    }

    @Test
    void theSameSeedDrawsTheSameExamplesAndAnotherSeedOthers() {
        assertEquals(sampler.sample(2, 42).documents(), new ShotSampler(Fixtures.train()).sample(2, 42).documents());
        List<List<Document>> draws = new ArrayList<>();
        for (long seed = 0; seed < 10; seed++) {
            draws.add(sampler.sample(2, seed).documents());
        }
        assertTrue(draws.stream().distinct().count() > 1, "ten seeds all drew the same examples");
    }

    @Test
    void supportSetsOfOneSeedAreNestedOverK() {
        for (long seed = 0; seed < 5; seed++) {
            List<Document> one = sampler.sample(1, seed).documents();
            List<Document> three = sampler.sample(3, seed).documents();
            assertTrue(three.containsAll(one), "seed " + seed);
        }
    }

    @Test
    void aLabelWithFewerThanKExamplesUsesAllAndIsReported() {
        ShotSampler.Support support = sampler.sample(10, 1);
        assertEquals(12, support.documents().size());
        assertEquals(Map.of("BookRestaurant", 4, "GetWeather", 4, "PlayMusic", 4), support.shortLabels());
    }

    @Test
    void multiLabelDocumentsCountForEveryLabelTheyCarry() {
        List<Document> train = List.of(
                doc("a", "food#positive+service#negative", "great food, rude staff"),
                doc("b", "food#positive", "tasty pasta"),
                doc("c", "food#positive", "lovely soup"),
                doc("d", "service#negative", "slow waiters"),
                doc("e", "ambience#positive", "nice view"));
        ShotSampler multi = new ShotSampler(train);
        for (long seed = 0; seed < 8; seed++) {
            ShotSampler.Support support = multi.sample(1, seed);
            support.counts().forEach((label, n) -> assertTrue(n >= 1, label));
            // Rarest first: ambience (1 document), then service (2), then food (3); food draws nothing new when the
            // document drawn for service already carries it.
            long foodOnly = support.documents().stream().filter(d -> d.labels().equals(List.of("food#positive")))
                    .count();
            boolean serviceDocHasFood = support.documents().stream().anyMatch(d -> d.id().equals("a"));
            assertEquals(serviceDocHasFood ? 0 : 1, foodOnly, "seed " + seed);
        }
    }

    @Test
    void kMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(0, 1));
    }

    @Test
    void labelsAreSortedAndCounted() {
        assertEquals(List.of("BookRestaurant", "GetWeather", "PlayMusic"), sampler.labels());
        assertNotEquals(0, sampler.labelCounts().get("PlayMusic"));
    }
}
