package io.mre4j.core.doc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a document against the rules of the data model and, when one is given, against a schema. It reports every
 * problem it finds, each as a sentence that names the document and the offending field.
 */
public final class DocumentValidator {
    private final Schema schema;
    private final boolean allowOverlap;
    private final Set<String> textLabels;
    private final Set<String> spanLabels;

    /**
     * @param schema       the schema labels must belong to, or null to check structure only
     * @param allowOverlap whether overlapping spans are allowed when no schema says so
     */
    public DocumentValidator(Schema schema, boolean allowOverlap) {
        this.schema = schema;
        this.allowOverlap = schema != null ? schema.overlappingSpans() : allowOverlap;
        this.textLabels = schema == null ? null : new HashSet<>(schema.textLabels());
        this.spanLabels = schema == null ? null : new HashSet<>(schema.spanLabels());
    }

    /** A validator of structure only, with overlapping spans forbidden. */
    public static DocumentValidator structural() {
        return new DocumentValidator(null, false);
    }

    /** All problems of the document; an empty list means it is valid. */
    public List<String> problems(Document d) {
        List<String> problems = new ArrayList<>();
        String who = "document '" + d.id() + "'";
        if (d.id().isEmpty()) {
            problems.add("document has an empty 'id'");
        }
        int length = d.text().length();
        Set<String> seenLabels = new HashSet<>();
        for (int i = 0; i < d.labels().size(); i++) {
            String label = d.labels().get(i);
            if (label == null || label.isEmpty()) {
                problems.add(who + ": labels[" + i + "] is empty");
            } else if (!seenLabels.add(label)) {
                problems.add(who + ": labels[" + i + "] '" + label + "' is repeated");
            } else if (textLabels != null && !textLabels.contains(label)) {
                problems.add(who + ": labels[" + i + "] '" + label + "' is not a text label of schema '"
                        + schema.name() + "'");
            }
        }
        if (schema != null && !schema.multiLabel() && d.labels().size() > 1) {
            problems.add(who + ": has " + d.labels().size() + " labels but schema '" + schema.name()
                    + "' is single-label");
        }
        for (int i = 0; i < d.spans().size(); i++) {
            Span s = d.spans().get(i);
            String where = who + ": spans[" + i + "] [" + s.start() + "," + s.end() + ")";
            if (s.label() == null || s.label().isEmpty()) {
                problems.add(where + " has an empty label");
            } else if (spanLabels != null && !spanLabels.contains(s.label())) {
                problems.add(where + " label '" + s.label() + "' is not a span label of schema '"
                        + schema.name() + "'");
            }
            if (s.start() < 0 || s.end() > length) {
                problems.add(where + " is outside the text (length " + length + ")");
            } else if (s.start() >= s.end()) {
                problems.add(where + " is empty");
            }
        }
        if (!allowOverlap) {
            List<Span> sorted = d.sortedSpans();
            for (int i = 1; i < sorted.size(); i++) {
                Span a = sorted.get(i - 1);
                Span b = sorted.get(i);
                if (a.overlaps(b)) {
                    problems.add(who + ": spans [" + a.start() + "," + a.end() + ") '" + a.label() + "' and ["
                            + b.start() + "," + b.end() + ") '" + b.label() + "' overlap");
                }
            }
        }
        int spanCount = d.spans().size();
        for (int i = 0; i < d.relations().size(); i++) {
            Relation r = d.relations().get(i);
            if (r.head() < 0 || r.head() >= spanCount || r.tail() < 0 || r.tail() >= spanCount) {
                problems.add(who + ": relations[" + i + "] points at a span that does not exist (head " + r.head()
                        + ", tail " + r.tail() + ", " + spanCount + " spans)");
            }
            if (schema != null && !schema.relationLabels().contains(r.label())) {
                problems.add(who + ": relations[" + i + "] label '" + r.label() + "' is not in the schema");
            }
        }
        for (int i = 0; i < d.events().size(); i++) {
            Event e = d.events().get(i);
            if (e.trigger() < 0 || e.trigger() >= spanCount) {
                problems.add(who + ": events[" + i + "] trigger " + e.trigger() + " is not a span index");
            }
            for (Event.Argument a : e.arguments()) {
                if (a.span() < 0 || a.span() >= spanCount) {
                    problems.add(who + ": events[" + i + "] argument '" + a.role() + "' points at span " + a.span()
                            + ", which does not exist");
                }
            }
            if (schema != null && !schema.eventTypes().contains(e.type())) {
                problems.add(who + ": events[" + i + "] type '" + e.type() + "' is not in the schema");
            }
        }
        return problems;
    }
}
