package io.mre4j.core.doc;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A task specification: which labels a document may carry at each level. Models carry their schema, and predictions
 * never leave it. Label lists are kept sorted and free of duplicates, so that two schemas built from the same data in
 * any order are equal.
 *
 * @param name             a short name for the task, such as {@code atis}
 * @param languages        the languages of the task's texts (ISO 639-1 codes)
 * @param multiLabel       true when a document may carry several text labels (SemEval-14 aspect categories)
 * @param textLabels       the text-level label set
 * @param spanLabels       the word-level (span) label set
 * @param relationLabels   the relation label set
 * @param eventTypes       the event type set
 * @param overlappingSpans true when spans of one document may overlap; off by default
 */
public record Schema(
        String name,
        List<String> languages,
        boolean multiLabel,
        List<String> textLabels,
        List<String> spanLabels,
        List<String> relationLabels,
        List<String> eventTypes,
        boolean overlappingSpans) {

    public Schema {
        name = name == null ? "" : name;
        languages = sortedUnique(languages);
        textLabels = sortedUnique(textLabels);
        spanLabels = sortedUnique(spanLabels);
        relationLabels = sortedUnique(relationLabels);
        eventTypes = sortedUnique(eventTypes);
    }

    /** The values sorted and without repeats; a field left out of a schema file (null) is empty. */
    private static List<String> sortedUnique(Collection<String> values) {
        return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
    }

    /** The schema that the given documents need: every label they use, multi-label if any has several. */
    public static Schema infer(String name, Iterable<Document> documents) {
        Builder builder = new Builder(name);
        for (Document document : documents) {
            builder.add(document);
        }
        return builder.build();
    }

    public boolean hasTextLevel() {
        return !textLabels.isEmpty();
    }

    public boolean hasWordLevel() {
        return !spanLabels.isEmpty();
    }

    /** Collects the labels of documents one at a time, for streaming inference. */
    public static final class Builder {
        private final String name;
        private final Set<String> languages = new TreeSet<>();
        private final Set<String> textLabels = new TreeSet<>();
        private final Set<String> spanLabels = new TreeSet<>();
        private final Set<String> relationLabels = new TreeSet<>();
        private final Set<String> eventTypes = new TreeSet<>();
        private boolean multiLabel;
        private boolean overlappingSpans;

        public Builder(String name) {
            this.name = name;
        }

        public Builder add(Document document) {
            if (!document.lang().isEmpty()) {
                languages.add(document.lang());
            }
            textLabels.addAll(document.labels());
            multiLabel |= document.labels().size() > 1;
            List<Span> sorted = document.sortedSpans();
            for (int i = 0; i < sorted.size(); i++) {
                spanLabels.add(sorted.get(i).label());
                if (i > 0 && sorted.get(i - 1).overlaps(sorted.get(i))) {
                    overlappingSpans = true;
                }
            }
            document.relations().forEach(r -> relationLabels.add(r.label()));
            document.events().forEach(e -> eventTypes.add(e.type()));
            return this;
        }

        public Schema build() {
            return new Schema(name, List.copyOf(languages), multiLabel, List.copyOf(textLabels),
                    List.copyOf(spanLabels), List.copyOf(relationLabels), List.copyOf(eventTypes), overlappingSpans);
        }
    }

    /**
     * Labels of {@code documents} outside this schema, written {@code text:LABEL} or {@code span:LABEL}, with how
     * often each occurs: labels a model with this schema never saw and cannot predict.
     */
    public java.util.Map<String, Integer> unseenLabels(Collection<Document> documents) {
        Set<String> text = Set.copyOf(textLabels);
        Set<String> span = Set.copyOf(spanLabels);
        java.util.Map<String, Integer> unseen = new java.util.TreeMap<>();
        for (Document d : documents) {
            d.labels().stream().filter(l -> !text.contains(l)).forEach(l -> unseen.merge("text:" + l, 1,
                    Integer::sum));
            d.spans().stream().filter(s -> !span.contains(s.label())).forEach(s -> unseen.merge("span:" + s.label(),
                    1, Integer::sum));
        }
        return unseen;
    }
}
