package io.mre4j.core.doc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine's confidence in what it predicted: a probability for each text label it considered, and one for each span
 * of the document, in the order of its span list. Gold documents have none ({@link #NONE}).
 */
public record Scores(Map<String, Double> labels, List<Double> spans) {
    public static final Scores NONE = new Scores(Map.of(), List.of());

    public Scores {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        spans = List.copyOf(spans);
    }

    public boolean isEmpty() {
        return labels.isEmpty() && spans.isEmpty();
    }
}
