package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FewshotMetricTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");

    private static Document doc(int i, int... labels) {
        List<String> names = new ArrayList<>();
        for (int l : labels) {
            names.add(LABELS.get(l));
        }
        return Document.of("d" + i, "en", "text " + i, names, List.of());
    }

    @Test
    void scoresAgreeWithTheEvaluationOfDocuments() {
        int[][] gold = {{0}, {0}, {1}, {1, 2}, {2}, {3}};
        int[][] predicted = {{0}, {1}, {1}, {1}, {2}, {0}};
        List<Document> g = new ArrayList<>();
        List<Document> p = new ArrayList<>();
        for (int i = 0; i < gold.length; i++) {
            g.add(doc(i, gold[i]));
            p.add(doc(i, predicted[i]));
        }
        EvaluationResult expected = Evaluation.evaluate(g, p);
        assertEquals(expected.tlAccuracy(), FewshotMetric.ACCURACY.score(gold, predicted, LABELS.size()), 1e-12);
        assertEquals(expected.tlMacroF1(), FewshotMetric.MACRO_F1.score(gold, predicted, LABELS.size()), 1e-12);
    }

    @Test
    void aResampleScoresRepeatedDocumentsAgainAndSkipsAbsentLabels() {
        int[][] gold = {{0}, {1}, {2}};
        int[][] predicted = {{0}, {0}, {2}};
        assertEquals(2.0 / 3, FewshotMetric.ACCURACY.score(gold, predicted, new int[] {0, 0, 1}, 3), 1e-12);
        // Only label 0 occurs in documents 0 and 0: its F1 is 1.
        assertEquals(1.0, FewshotMetric.MACRO_F1.score(gold, predicted, new int[] {0, 0}, 3), 1e-12);
        // Label 2 absent: labels 0 (tp 1, fp 1) and 1 (fn 1): (2/3 + 0) / 2.
        assertEquals(1.0 / 3, FewshotMetric.MACRO_F1.score(gold, predicted, new int[] {0, 1}, 3), 1e-12);
    }
}
