package io.mre4j.core.metrics;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Compares predicted documents with gold documents, matched by {@code id}, and computes the TL, WL and ALL metrics.
 *
 * <p>Matching: a gold id with no prediction is <em>missing</em>; it counts as wrong for TL accuracy and ALL even
 * when its gold is empty, and all its gold labels and spans are false negatives. A predicted id not in gold is
 * <em>unmatched</em>: it is counted and otherwise ignored (its labels do not enter any table). A duplicate id in
 * either list is an {@link IllegalArgumentException}. Labels and spans are compared as sets per document, so
 * repeated entries count once.
 *
 * <p>Definitions:
 * <ul>
 *   <li>TL accuracy: share of gold documents whose predicted label set equals the gold label set.</li>
 *   <li>TL micro P/R/F1: over (document, label) pairs: TP = |gold ∩ pred| summed over documents,
 *       FP = |pred \ gold|, FN = |gold \ pred|.</li>
 *   <li>TL macro F1: unweighted mean of per-label F1 over the union of text labels occurring in gold or (matched)
 *       prediction.</li>
 *   <li>WL micro P/R/F1: the same over exact (start, end, label) span matches.</li>
 *   <li>WL per-label table: for each span label in gold or prediction: tp, fp, fn, precision, recall, f1,
 *       support = tp + fn.</li>
 *   <li>WL type-agnostic span F1: the same as WL F1 over (start, end) pairs, label ignored.</li>
 *   <li>ALL exact match: share of gold documents whose label set and span set (start, end, label) both equal the
 *       gold ones.</li>
 * </ul>
 *
 * <p>Zero division: precision = TP/(TP+FP), and when TP+FP = 0 it is 1 if FN = 0, else 0; recall = TP/(TP+FN), and
 * when TP+FN = 0 it is 1 if FP = 0, else 0; F1 = 2PR/(P+R), and 0 when P+R = 0 (see {@link LabelScore#of}). So an
 * empty gold against an empty prediction scores 1.0 everywhere, macro F1 over an empty label union is 1.0, and
 * accuracy and exact match over zero gold documents are defined as 1.0.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** Evaluates {@code predicted} against {@code gold}; see the class comment for the definitions. */
    public static EvaluationResult evaluate(List<Document> gold, List<Document> predicted) {
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(predicted, "predicted");
        Map<String, Document> goldById = byId(gold, "gold");
        Map<String, Document> predById = byId(predicted, "predicted");

        int unmatched = 0;
        for (String id : predById.keySet()) {
            if (!goldById.containsKey(id)) {
                unmatched++;
            }
        }

        int missing = 0;
        int labelSetCorrect = 0;
        int exactMatch = 0;
        Map<String, int[]> textCounts = new HashMap<>();
        Map<String, int[]> spanCounts = new HashMap<>();
        int[] tlMicro = new int[3];
        int[] wlMicro = new int[3];
        int[] rangeMicro = new int[3];

        for (Document g : gold) {
            Document p = predById.get(g.id());
            Set<String> goldLabels = new HashSet<>(g.labels());
            Set<Span> goldSpans = new HashSet<>(g.spans());
            Set<String> predLabels = p == null ? Set.of() : new HashSet<>(p.labels());
            Set<Span> predSpans = p == null ? Set.of() : new HashSet<>(p.spans());
            if (p == null) {
                missing++;
            } else {
                boolean labelsRight = goldLabels.equals(predLabels);
                if (labelsRight) {
                    labelSetCorrect++;
                }
                if (labelsRight && goldSpans.equals(predSpans)) {
                    exactMatch++;
                }
            }
            count(goldLabels, predLabels, x -> x, textCounts, tlMicro);
            count(goldSpans, predSpans, Span::label, spanCounts, wlMicro);
            count(ranges(goldSpans), ranges(predSpans), x -> "", new HashMap<>(), rangeMicro);
        }

        Map<String, LabelScore> perTextLabel = scores(textCounts);
        Map<String, LabelScore> perLabel = scores(spanCounts);
        double macro = perTextLabel.isEmpty() ? 1.0
                : perTextLabel.values().stream().mapToDouble(LabelScore::f1).average().orElseThrow();
        LabelScore tl = LabelScore.of(tlMicro[0], tlMicro[1], tlMicro[2]);
        LabelScore wl = LabelScore.of(wlMicro[0], wlMicro[1], wlMicro[2]);
        LabelScore range = LabelScore.of(rangeMicro[0], rangeMicro[1], rangeMicro[2]);
        int n = gold.size();
        return new EvaluationResult(n, missing, unmatched,
                share(labelSetCorrect, n), tl.precision(), tl.recall(), tl.f1(), macro,
                wl.precision(), wl.recall(), wl.f1(), range.f1(), share(exactMatch, n),
                perLabel, perTextLabel);
    }

    private static Map<String, Document> byId(List<Document> docs, String side) {
        Map<String, Document> m = new LinkedHashMap<>();
        for (Document d : docs) {
            if (m.putIfAbsent(d.id(), d) != null) {
                throw new IllegalArgumentException("duplicate document id in " + side + ": '" + d.id() + "'");
            }
        }
        return m;
    }

    /** Adds one document's TP/FP/FN to the per-label counts (keyed by {@code labelOf}) and to the micro totals. */
    private static <T> void count(Set<T> gold, Set<T> pred, Function<T, String> labelOf,
                                  Map<String, int[]> perLabel, int[] micro) {
        for (T g : gold) {
            int k = pred.contains(g) ? 0 : 2;
            perLabel.computeIfAbsent(labelOf.apply(g), x -> new int[3])[k]++;
            micro[k]++;
        }
        for (T p : pred) {
            if (!gold.contains(p)) {
                perLabel.computeIfAbsent(labelOf.apply(p), x -> new int[3])[1]++;
                micro[1]++;
            }
        }
    }

    private static Set<List<Integer>> ranges(Set<Span> spans) {
        Set<List<Integer>> out = new HashSet<>();
        for (Span s : spans) {
            out.add(List.of(s.start(), s.end()));
        }
        return out;
    }

    private static Map<String, LabelScore> scores(Map<String, int[]> counts) {
        Map<String, LabelScore> out = new TreeMap<>();
        counts.forEach((label, c) -> out.put(label, LabelScore.of(c[0], c[1], c[2])));
        return out;
    }

    private static double share(int count, int total) {
        return total == 0 ? 1.0 : (double) count / total;
    }
}
