package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.util.Map;
import java.util.TreeSet;

/**
 * An example with each span's text replaced by its type's readable name: "fly from boston to denver" becomes "fly
 * from fromloc city name to toloc city name". The word-level labels abstract the example from its particular
 * entities, which a sentence encoder otherwise weighs as heavily as the words that carry the intent; the type names
 * themselves are evidence for the label (as in the slot-to-intent direction of joint models).
 */
public final class TypeTemplates {
    private TypeTemplates() {
    }

    /** The readable names of every span type in {@code documents} ({@link LabelNames#humanise}). */
    public static Map<String, String> typeNames(Iterable<Document> documents) {
        TreeSet<String> types = new TreeSet<>();
        documents.forEach(d -> d.spans().forEach(s -> types.add(s.label())));
        return LabelNames.humanise(types);
    }

    /**
     * {@code document}'s text with every span replaced by {@code typeNames.get(span.label())}; of overlapping spans
     * the first (in document order) wins, and a document without spans is its own text.
     */
    public static String of(Document document, Map<String, String> typeNames) {
        String text = document.text();
        StringBuilder sb = new StringBuilder(text.length());
        int at = 0;
        for (Span s : document.sortedSpans()) {
            if (s.start() < at) {
                continue;
            }
            sb.append(text, at, s.start()).append(typeNames.getOrDefault(s.label(), LabelNames.humanise(s.label())));
            at = s.end();
        }
        return sb.append(text, at, text.length()).toString();
    }
}
