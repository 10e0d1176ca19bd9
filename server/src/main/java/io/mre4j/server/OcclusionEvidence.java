package io.mre4j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Which predicted spans pushed each predicted text label up or down, measured by occlusion: the engine predicts the
 * text again with one span removed, and the span's effect on a label is the label's probability with the span minus
 * its probability without it. A positive effect means the span supports the label. It costs one more prediction
 * per span. An engine that gives no label probabilities (the generator, an LLM) makes hard decisions; a label's
 * "probability" is then 1 when the engine predicts it and 0 when not, so a span's effect on a predicted label is 1
 * when removing the span makes the engine drop the label, and 0 when the label stays.
 */
final class OcclusionEvidence {
    private OcclusionEvidence() {
    }

    /** One document per span of {@code predicted}: its text with that span removed, in span order. */
    static List<Document> occluded(Document predicted) {
        List<Document> out = new ArrayList<>(predicted.spans().size());
        int i = 0;
        for (Span span : predicted.spans()) {
            out.add(Document.unlabelled(predicted.id() + "#without-" + i++, predicted.lang(),
                    without(predicted.text(), span)));
        }
        return out;
    }

    /** {@code text} without the span's characters; spaces around a removed word collapse to one (none at the start). */
    static String without(String text, Span span) {
        String before = text.substring(0, span.start());
        String after = text.substring(span.end());
        if (before.isEmpty() || Character.isWhitespace(before.charAt(before.length() - 1))) {
            after = after.stripLeading();
        }
        return before + after;
    }

    /**
     * The evidence of one document as JSON: for each span, its effect on each predicted text label.
     *
     * @param predicted the engine's prediction for the whole text
     * @param withouts  the engine's predictions for {@link #occluded(Document)}, in the same order
     */
    static ObjectNode toJson(Document predicted, List<Document> withouts) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode labels = root.putArray("labels");
        predicted.labels().forEach(labels::add);
        ArrayNode spans = root.putArray("spans");
        for (int i = 0; i < predicted.spans().size(); i++) {
            Span span = predicted.spans().get(i);
            Document without = withouts.get(i);
            ObjectNode entry = spans.addObject();
            entry.put("span", i);
            entry.put("start", span.start());
            entry.put("end", span.end());
            entry.put("label", span.label());
            entry.put("surface", span.surface(predicted.text()));
            entry.put("textWithout", without.text());
            ArrayNode labelsWithout = entry.putArray("labelsWithout");
            without.labels().forEach(labelsWithout::add);
            ObjectNode effect = entry.putObject("effect");
            for (String label : predicted.labels()) {
                double with = probability(predicted, label);
                double withoutSpan = probability(without, label);
                effect.put(label, Math.round((with - withoutSpan) * 1e4) / 1e4);
            }
        }
        return root;
    }

    /** The label's probability in a prediction, or 1 or 0 for an engine of hard decisions (no label scores). */
    private static double probability(Document prediction, String label) {
        if (prediction.scores().labels().isEmpty()) {
            return prediction.labels().contains(label) ? 1.0 : 0.0;
        }
        return prediction.scores().labels().getOrDefault(label, 0.0);
    }
}
