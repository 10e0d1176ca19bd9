package io.mre4j.model.features;

import io.mre4j.core.doc.Schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's output classes, frozen at training time: the text-level classes (labels, or label sets for the
 * powerset head) and the BIO tags of the word-level tagger, with the tag transitions BIO allows.
 */
public final class LabelSpace {
    public static final int OUTSIDE = 0;

    private final TextHead textHead;
    private final List<List<String>> textClasses;
    private final List<String> spanLabels;
    private final List<String> tags = new ArrayList<>();
    private final Map<List<String>, Integer> classIds = new HashMap<>();
    private final Map<String, Integer> labelIds = new HashMap<>();

    /**
     * @param textHead    the kind of text head
     * @param textClasses one entry per class: a single label, or a label set (sorted) for the powerset head
     * @param spanLabels  the span labels, whose B- and I- tags follow O
     */
    public LabelSpace(TextHead textHead, List<List<String>> textClasses, List<String> spanLabels) {
        this.textHead = textHead;
        this.textClasses = textClasses.stream().map(List::copyOf).toList();
        this.spanLabels = List.copyOf(spanLabels);
        for (int i = 0; i < this.textClasses.size(); i++) {
            classIds.put(this.textClasses.get(i), i);
            if (this.textClasses.get(i).size() == 1) {
                labelIds.put(this.textClasses.get(i).get(0), i);
            }
        }
        if (!this.spanLabels.isEmpty()) {
            tags.add("O");
            for (String label : this.spanLabels) {
                tags.add("B-" + label);
                tags.add("I-" + label);
            }
        }
    }

    /** The label space for a schema, given the label sets seen in training (for the powerset head). */
    public static LabelSpace of(Schema schema, TextHead head, List<List<String>> trainingLabelSets) {
        List<List<String>> classes = new ArrayList<>();
        if (head == TextHead.POWERSET) {
            trainingLabelSets.stream().map(s -> s.stream().sorted().toList()).distinct().sorted(
                    (a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b))).forEach(classes::add);
        } else if (head != TextHead.NONE) {
            schema.textLabels().forEach(l -> classes.add(List.of(l)));
        }
        return new LabelSpace(head, classes, schema.spanLabels());
    }

    public TextHead textHead() {
        return textHead;
    }

    public List<List<String>> textClasses() {
        return textClasses;
    }

    public List<String> spanLabels() {
        return spanLabels;
    }

    public int classCount() {
        return textClasses.size();
    }

    public boolean hasTags() {
        return !tags.isEmpty();
    }

    public List<String> tags() {
        return List.copyOf(tags);
    }

    public int tagCount() {
        return tags.size();
    }

    /** The class of a label set for softmax and powerset heads, or -1 when it is not one of them. */
    public int classOf(List<String> labels) {
        if (textHead == TextHead.POWERSET) {
            return classIds.getOrDefault(labels.stream().sorted().toList(), -1);
        }
        return labels.size() == 1 ? labelIds.getOrDefault(labels.get(0), -1) : -1;
    }

    /** The class of one label (sigmoid head), or -1. */
    public int labelId(String label) {
        return labelIds.getOrDefault(label, -1);
    }

    /** The tag id of B- ({@code inside} false) or I- ({@code inside} true) of a span label, or -1. */
    public int tagId(String spanLabel, boolean inside) {
        int index = spanLabels.indexOf(spanLabel);
        return index < 0 ? -1 : 1 + 2 * index + (inside ? 1 : 0);
    }

    /** The span label of a tag id, or null for O. */
    public String spanLabelOf(int tag) {
        return tag == OUTSIDE ? null : spanLabels.get((tag - 1) / 2);
    }

    public boolean isInside(int tag) {
        return tag != OUTSIDE && (tag - 1) % 2 == 1;
    }

    /** Whether BIO allows {@code to} right after {@code from}: an I- tag must continue its own label. */
    public boolean allowed(int from, int to) {
        return !isInside(to) || (from != OUTSIDE && (from - 1) / 2 == (to - 1) / 2);
    }

    /** Whether a sequence may start with {@code tag}. */
    public boolean allowedFirst(int tag) {
        return !isInside(tag);
    }

    /** A copy of CRF transition scores with BIO's forbidden transitions set to negative infinity. */
    public float[][] constrainTransitions(float[][] transitions) {
        float[][] out = new float[transitions.length][];
        for (int from = 0; from < transitions.length; from++) {
            out[from] = transitions[from].clone();
            for (int to = 0; to < out[from].length; to++) {
                if (!allowed(from, to)) {
                    out[from][to] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        return out;
    }

    /** A copy of CRF start scores with the I- tags, which cannot start a text, set to negative infinity. */
    public float[] constrainStart(float[] start) {
        float[] out = start.clone();
        for (int tag = 0; tag < out.length; tag++) {
            if (!allowedFirst(tag)) {
                out[tag] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    /** For each tag, the tags BIO allows right before it. */
    public int[][] allowedSources() {
        int[][] sources = new int[tags.size()][];
        for (int to = 0; to < tags.size(); to++) {
            final int target = to;
            sources[to] = java.util.stream.IntStream.range(0, tags.size()).filter(from -> allowed(from, target))
                    .toArray();
        }
        return sources;
    }
}
