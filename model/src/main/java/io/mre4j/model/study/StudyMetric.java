package io.mre4j.model.study;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.metrics.LabelScore;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The three metrics the MRE study compares, each as per-document counts that sum over any sample of documents and a
 * score computed from the sums, so that a bootstrap resample is scored exactly as {@code Evaluation} scores the whole
 * test set (label and span sets compared per document, the same zero-division convention).
 */
public enum StudyMetric {
    /** TL accuracy: per document {correct label set, 1}; score = correct / documents. */
    TL("tl.accuracy", "TL", "TL accuracy", "text-only"),
    /** WL micro F1: per document {tp, fp, fn} over exact (start, end, label) spans; score = F1 of the sums. */
    WL("wl.f1", "WL", "WL F1", "word-only"),
    /** ALL exact match: per document {labels and spans both exact, 1}; score = exact / documents. */
    ALL("all.exactMatch", "ALL", "ALL exact match", "text + word pipeline");

    private final String key;
    private final String shortName;
    private final String title;
    private final String isolatedName;

    StudyMetric(String key, String shortName, String title, String isolatedName) {
        this.key = key;
        this.shortName = shortName;
        this.title = title;
        this.isolatedName = isolatedName;
    }

    /** The key in {@code results.json} and in {@code EvaluationResult#toJsonMap()}, such as {@code wl.f1}. */
    public String key() {
        return key;
    }

    /** TL, WL or ALL. */
    public String shortName() {
        return shortName;
    }

    /** The metric's name in reports, such as {@code WL F1}. */
    public String title() {
        return title;
    }

    /** What the joint model is compared with on this metric. */
    public String isolatedName() {
        return isolatedName;
    }

    /** The counts of one document, {@code predicted} scored against {@code gold}. */
    public long[] counts(Document gold, Document predicted) {
        switch (this) {
            case TL:
                return new long[] {labelsRight(gold, predicted) ? 1 : 0, 1};
            case ALL:
                return new long[] {labelsRight(gold, predicted)
                        && new HashSet<>(gold.spans()).equals(new HashSet<>(predicted.spans())) ? 1 : 0, 1};
            default:
                Set<Span> g = new HashSet<>(gold.spans());
                Set<Span> p = new HashSet<>(predicted.spans());
                long tp = g.stream().filter(p::contains).count();
                return new long[] {tp, p.size() - tp, g.size() - tp};
        }
    }

    /** The counts of every document, {@code predicted.get(i)} against {@code gold.get(i)}. */
    public long[][] counts(List<Document> gold, List<Document> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold documents but " + predicted.size()
                    + " predictions");
        }
        long[][] out = new long[gold.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts(gold.get(i), predicted.get(i));
        }
        return out;
    }

    /** The score of summed counts, as a fraction. */
    public double score(long[] sums) {
        if (this == WL) {
            return LabelScore.of(Math.toIntExact(sums[0]), Math.toIntExact(sums[1]), Math.toIntExact(sums[2])).f1();
        }
        return sums[1] == 0 ? 1.0 : (double) sums[0] / sums[1];
    }

    /** The score over every document. */
    public double score(long[][] counts) {
        long[] sums = new long[width()];
        for (long[] c : counts) {
            for (int k = 0; k < sums.length; k++) {
                sums[k] += c[k];
            }
        }
        return score(sums);
    }

    int width() {
        return this == WL ? 3 : 2;
    }

    private static boolean labelsRight(Document gold, Document predicted) {
        return new HashSet<>(gold.labels()).equals(new HashSet<>(predicted.labels()));
    }
}
