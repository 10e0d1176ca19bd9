package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mre4j.model.fewshot.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrototypeClassifierTest {
    private static final List<String> LABELS = List.of("BookRestaurant", "GetWeather", "PlayMusic");
    private final TextEmbedder embedder = new HashingEmbedder();
    private final Map<String, String> names = LabelNames.humanise(LABELS);

    /** One example per label, two of them with one span each. */
    private static List<Document> oneExamplePerLabel() {
        return List.of(
                doc("a", "PlayMusic", "play miles davis", "miles davis", "artist"),
                doc("b", "GetWeather", "weather in paris", "paris", "city"),
                doc("c", "BookRestaurant", "book a table", new String[0]));
    }

    @Test
    void aTextGoesToTheLabelWhoseExamplesItResembles() {
        PrototypeClassifier c = PrototypeClassifier.build(LABELS, names, Fixtures.train(),
                PrototypeClassifier.Parts.NONE, embedder);
        List<Document> test = Fixtures.test();
        int[][] predicted = c.predict(embedder.embed(test.stream().map(Document::text).toList()));
        for (int i = 0; i < test.size(); i++) {
            assertEquals(test.get(i).labels().get(0), LABELS.get(predicted[i][0]), test.get(i).text());
        }
    }

    @Test
    void theVerbalizerAddsWordLevelEvidenceTheExamplesLack() {
        // The test text shares no word with any name or example, only with the span type "artist" of the music
        // example.
        List<Document> support = oneExamplePerLabel();
        float[] text = embedder.embed(List.of("some artist please"))[0];
        PrototypeClassifier baseline = PrototypeClassifier.build(LABELS, names, support,
                PrototypeClassifier.Parts.NONE, embedder);
        PrototypeClassifier mre = PrototypeClassifier.build(LABELS, names, support,
                new PrototypeClassifier.Parts(Verbalizer.mine(support, LABELS), 1, false), embedder);
        int music = LABELS.indexOf("PlayMusic");
        assertEquals(0, baseline.scores(text)[music], 1e-6, "nothing in common without the verbalizer");
        assertTrue(mre.scores(text)[music] > 0.1, "the type 'artist' links the text to PlayMusic");
        assertArrayEquals(new int[] {music}, mre.predict(new float[][] {text})[0]);
    }

    @Test
    void typeTemplatesLinkATextToTheLabelWhoseExamplesHadThoseTypes() {
        List<Document> support = oneExamplePerLabel();
        float[] text = embedder.embed(List.of("which city now"))[0];
        int weather = LABELS.indexOf("GetWeather");
        PrototypeClassifier baseline = PrototypeClassifier.build(LABELS, names, support,
                PrototypeClassifier.Parts.NONE, embedder);
        PrototypeClassifier templates = PrototypeClassifier.build(LABELS, names, support,
                PrototypeClassifier.Parts.typeTemplates(), embedder);
        assertEquals(0, baseline.scores(text)[weather], 1e-6);
        assertArrayEquals(new int[] {weather}, templates.predict(new float[][] {text})[0]);
    }

    @Test
    void multiLabelTextsGetAsManyLabelsAsMostSupportExamplesHave() {
        List<Document> single = List.of(doc("a", "x", "a"), doc("b", "y", "b"), doc("c", "x+y", "c"));
        assertEquals(1, PrototypeClassifier.labelsPerText(single));
        List<Document> pairs = List.of(doc("a", "x+y", "a"), doc("b", "y+z", "b"), doc("c", "x", "c"));
        assertEquals(2, PrototypeClassifier.labelsPerText(pairs));
        PrototypeClassifier c = PrototypeClassifier.build(List.of("x", "y", "z"), Map.of("x", "x", "y", "y", "z",
                "z"), pairs, PrototypeClassifier.Parts.NONE, embedder);
        assertEquals(2, c.predict(embedder.embed(List.of("a")))[0].length);
    }
}
