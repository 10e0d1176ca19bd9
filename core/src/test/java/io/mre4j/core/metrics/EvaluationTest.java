package io.mre4j.core.metrics;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
    private static final double EPS = 1e-12;

    private static Document doc(String id, List<String> labels, Span... spans) {
        return Document.of(id, "en", "0123456789abcdefghij", labels, List.of(spans));
    }

    private static Span s(int start, int end, String label) {
        return new Span(start, end, label);
    }

    /** Five documents: d1 wrong span label, d2 wrong text label and boundary, d3 missed spans, d4 spurious span and
     * extra text label, d5 all right. */
    private static final List<Document> GOLD = List.of(
            doc("d1", List.of("flight"), s(0, 6, "city"), s(10, 16, "city")),
            doc("d2", List.of("weather"), s(0, 5, "city")),
            doc("d3", List.of("flight"), s(0, 3, "date"), s(5, 9, "city"), s(11, 15, "date")),
            doc("d4", List.of("weather")),
            doc("d5", List.of("news"), s(0, 4, "city")));
    private static final List<Document> PRED = List.of(
            doc("d1", List.of("flight"), s(0, 6, "city"), s(10, 16, "date")),
            doc("d2", List.of("flight"), s(0, 4, "city")),
            doc("d3", List.of("flight"), s(5, 9, "city")),
            doc("d4", List.of("weather", "news"), s(2, 7, "city")),
            doc("d5", List.of("news"), s(0, 4, "city")));

    private static void assertAllHeadlinesOne(EvaluationResult r) {
        assertEquals(1.0, r.tlAccuracy(), EPS);
        assertEquals(1.0, r.tlMicroPrecision(), EPS);
        assertEquals(1.0, r.tlMicroRecall(), EPS);
        assertEquals(1.0, r.tlMicroF1(), EPS);
        assertEquals(1.0, r.tlMacroF1(), EPS);
        assertEquals(1.0, r.wlPrecision(), EPS);
        assertEquals(1.0, r.wlRecall(), EPS);
        assertEquals(1.0, r.wlF1(), EPS);
        assertEquals(1.0, r.wlSpanF1(), EPS);
        assertEquals(1.0, r.allExactMatch(), EPS);
    }

    @Test
    void goldAgainstItselfScoresOneEverywhere() {
        EvaluationResult r = Evaluation.evaluate(GOLD, GOLD);
        assertAllHeadlinesOne(r);
        assertEquals(5, r.documents());
        assertEquals(0, r.missing());
        assertEquals(0, r.unmatched());
        assertEquals(new LabelScore(5, 0, 0, 1.0, 1.0, 1.0, 5), r.perLabel().get("city"));
        assertEquals(new LabelScore(2, 0, 0, 1.0, 1.0, 1.0, 2), r.perLabel().get("date"));
        assertEquals(new LabelScore(2, 0, 0, 1.0, 1.0, 1.0, 2), r.perTextLabel().get("flight"));
    }

    @Test
    void mixedFixtureTextLevel() {
        EvaluationResult r = Evaluation.evaluate(GOLD, PRED);
        // correct label sets: d1, d3, d5
        assertEquals(3.0 / 5, r.tlAccuracy(), EPS);
        // TP 4 (d1 flight, d3 flight, d4 weather, d5 news), FP 2 (d2 flight, d4 news), FN 1 (d2 weather)
        assertEquals(4.0 / 6, r.tlMicroPrecision(), EPS);
        assertEquals(4.0 / 5, r.tlMicroRecall(), EPS);
        assertEquals(8.0 / 11, r.tlMicroF1(), EPS);
        // flight F1 4/5, weather 2/3, news 2/3
        assertEquals((4.0 / 5 + 2.0 / 3 + 2.0 / 3) / 3, r.tlMacroF1(), EPS);
        assertEquals(32.0 / 45, r.tlMacroF1(), EPS);
    }

    @Test
    void mixedFixtureTextLabelTable() {
        Map<String, LabelScore> t = Evaluation.evaluate(GOLD, PRED).perTextLabel();
        assertEquals(List.of("flight", "news", "weather"), List.copyOf(t.keySet()));
        assertEquals(new LabelScore(2, 1, 0, 2.0 / 3, 1.0, 4.0 / 5, 2), t.get("flight"));
        assertEquals(new LabelScore(1, 1, 0, 1.0 / 2, 1.0, 2.0 / 3, 1), t.get("news"));
        assertEquals(new LabelScore(1, 0, 1, 1.0, 1.0 / 2, 2.0 / 3, 2), t.get("weather"));
    }

    @Test
    void mixedFixtureWordLevel() {
        EvaluationResult r = Evaluation.evaluate(GOLD, PRED);
        // 7 gold spans, 6 predicted, exact TP 3 (d1 [0,6) city, d3 [5,9) city, d5 [0,4) city)
        assertEquals(3.0 / 6, r.wlPrecision(), EPS);
        assertEquals(3.0 / 7, r.wlRecall(), EPS);
        assertEquals(6.0 / 13, r.wlF1(), EPS);
    }

    @Test
    void mixedFixtureTypeAgnosticSpanF1CountsWrongLabelAsHit() {
        // ranges TP 4 (d1 both ranges, d3 [5,9), d5 [0,4)); P = 4/6, R = 4/7, F1 = 8/13
        assertEquals(8.0 / 13, Evaluation.evaluate(GOLD, PRED).wlSpanF1(), EPS);
    }

    @Test
    void mixedFixtureSpanLabelTable() {
        Map<String, LabelScore> t = Evaluation.evaluate(GOLD, PRED).perLabel();
        assertEquals(List.of("city", "date"), List.copyOf(t.keySet()));
        // city: gold 5, pred 5, TP 3
        LabelScore city = t.get("city");
        assertEquals(3, city.tp());
        assertEquals(2, city.fp());
        assertEquals(2, city.fn());
        assertEquals(3.0 / 5, city.precision(), EPS);
        assertEquals(3.0 / 5, city.recall(), EPS);
        assertEquals(3.0 / 5, city.f1(), EPS);
        assertEquals(5, city.support());
        // date: gold 2 (both missed), pred 1 (d1's wrongly labelled span)
        assertEquals(new LabelScore(0, 1, 2, 0.0, 0.0, 0.0, 2), t.get("date"));
    }

    @Test
    void mixedFixtureExactMatchAndCounts() {
        EvaluationResult r = Evaluation.evaluate(GOLD, PRED);
        assertEquals(1.0 / 5, r.allExactMatch(), EPS);
        assertEquals(5, r.documents());
        assertEquals(0, r.missing());
        assertEquals(0, r.unmatched());
    }

    @Test
    void emptyGoldAgainstEmptyPredictionScoresOne() {
        List<Document> empty = List.of(doc("a", List.of()), doc("b", List.of()));
        EvaluationResult r = Evaluation.evaluate(empty, empty);
        assertAllHeadlinesOne(r);
        assertTrue(r.perLabel().isEmpty());
        assertTrue(r.perTextLabel().isEmpty());
    }

    @Test
    void noDocumentsAtAllScoresOne() {
        EvaluationResult r = Evaluation.evaluate(List.of(), List.of());
        assertAllHeadlinesOne(r);
        assertEquals(0, r.documents());
    }

    @Test
    void spuriousSpansAgainstEmptyGoldSpansScoreZero() {
        List<Document> gold = List.of(doc("a", List.of("x")));
        List<Document> pred = List.of(doc("a", List.of("x"), s(0, 2, "E"), s(3, 5, "E")));
        EvaluationResult r = Evaluation.evaluate(gold, pred);
        // TP 0, FP 2, FN 0: precision 0/2 = 0; recall has TP+FN = 0 and FP > 0, so 0; F1 0
        assertEquals(0.0, r.wlPrecision(), EPS);
        assertEquals(0.0, r.wlRecall(), EPS);
        assertEquals(0.0, r.wlF1(), EPS);
        assertEquals(0.0, r.wlSpanF1(), EPS);
        assertEquals(new LabelScore(0, 2, 0, 0.0, 0.0, 0.0, 0), r.perLabel().get("E"));
        assertEquals(1.0, r.tlAccuracy(), EPS);
        assertEquals(0.0, r.allExactMatch(), EPS);
    }

    @Test
    void emptyPredictionAgainstNonEmptyGoldScoresZero() {
        List<Document> gold = List.of(doc("a", List.of("x"), s(0, 2, "E")), doc("b", List.of("y")));
        List<Document> pred = List.of(doc("a", List.of()), doc("b", List.of()));
        EvaluationResult r = Evaluation.evaluate(gold, pred);
        // TP 0, FP 0, FN > 0: precision has TP+FP = 0 and FN > 0, so 0; recall 0; F1 0
        assertEquals(0.0, r.tlAccuracy(), EPS);
        assertEquals(0.0, r.tlMicroPrecision(), EPS);
        assertEquals(0.0, r.tlMicroRecall(), EPS);
        assertEquals(0.0, r.tlMicroF1(), EPS);
        assertEquals(0.0, r.tlMacroF1(), EPS);
        assertEquals(0.0, r.wlPrecision(), EPS);
        assertEquals(0.0, r.wlRecall(), EPS);
        assertEquals(0.0, r.wlF1(), EPS);
        assertEquals(0.0, r.wlSpanF1(), EPS);
        assertEquals(0.0, r.allExactMatch(), EPS);
        assertEquals(new LabelScore(0, 0, 1, 0.0, 0.0, 0.0, 1), r.perLabel().get("E"));
    }

    @Test
    void multiLabelTextLevelComparesSets() {
        List<Document> gold = List.of(
                doc("m1", List.of("a", "b")),
                doc("m2", List.of("b")),
                doc("m3", List.of("b", "a")));
        List<Document> pred = List.of(
                doc("m1", List.of("a")),
                doc("m2", List.of("b")),
                doc("m3", List.of("a", "b", "a")));
        EvaluationResult r = Evaluation.evaluate(gold, pred);
        // m1 is wrong ({a} != {a,b}); m2 right; m3 right (order and repeats ignored)
        assertEquals(2.0 / 3, r.tlAccuracy(), EPS);
        // TP 4 (m1 a, m2 b, m3 a, m3 b), FP 0, FN 1 (m1 b)
        assertEquals(1.0, r.tlMicroPrecision(), EPS);
        assertEquals(4.0 / 5, r.tlMicroRecall(), EPS);
        assertEquals(8.0 / 9, r.tlMicroF1(), EPS);
        // a: F1 1; b: TP 2, FN 1 -> P 1, R 2/3, F1 4/5
        assertEquals(new LabelScore(2, 0, 1, 1.0, 2.0 / 3, 4.0 / 5, 3), r.perTextLabel().get("b"));
        assertEquals((1.0 + 4.0 / 5) / 2, r.tlMacroF1(), EPS);
        assertEquals(2.0 / 3, r.allExactMatch(), EPS);
    }

    @Test
    void missingPredictionIsCountedAndWrong() {
        List<Document> gold = List.of(
                doc("a", List.of("x"), s(0, 1, "E")),
                doc("b", List.of("y"), s(2, 3, "E")),
                doc("c", List.of()));
        List<Document> pred = List.of(doc("a", List.of("x"), s(0, 1, "E")));
        EvaluationResult r = Evaluation.evaluate(gold, pred);
        assertEquals(2, r.missing());
        assertEquals(3, r.documents());
        // c has nothing to predict but is still wrong because its prediction is missing
        assertEquals(1.0 / 3, r.tlAccuracy(), EPS);
        assertEquals(1.0 / 3, r.allExactMatch(), EPS);
        // TL: TP 1 (x), FN 1 (y)
        assertEquals(1.0, r.tlMicroPrecision(), EPS);
        assertEquals(1.0 / 2, r.tlMicroRecall(), EPS);
        assertEquals(2.0 / 3, r.tlMicroF1(), EPS);
        assertEquals((1.0 + 0.0) / 2, r.tlMacroF1(), EPS);
        // WL: TP 1, FN 1
        assertEquals(1.0, r.wlPrecision(), EPS);
        assertEquals(1.0 / 2, r.wlRecall(), EPS);
        assertEquals(2.0 / 3, r.wlF1(), EPS);
        assertEquals(2.0 / 3, r.wlSpanF1(), EPS);
    }

    @Test
    void unmatchedPredictionIsCountedAndIgnored() {
        List<Document> gold = List.of(doc("a", List.of("x"), s(0, 1, "E")));
        List<Document> pred = List.of(
                doc("zz", List.of("other"), s(4, 6, "F")),
                doc("a", List.of("x"), s(0, 1, "E")));
        EvaluationResult r = Evaluation.evaluate(gold, pred);
        assertEquals(1, r.unmatched());
        assertEquals(0, r.missing());
        assertAllHeadlinesOne(r);
        assertFalse(r.perTextLabel().containsKey("other"));
        assertFalse(r.perLabel().containsKey("F"));
    }

    @Test
    void duplicateGoldIdIsRejected() {
        List<Document> gold = List.of(doc("dup", List.of("x")), doc("dup", List.of("y")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.evaluate(gold, List.of()));
        assertTrue(e.getMessage().contains("'dup'"), e.getMessage());
    }

    @Test
    void duplicatePredictedIdIsRejected() {
        List<Document> pred = List.of(doc("p7", List.of("x")), doc("p7", List.of("x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.evaluate(List.of(doc("p7", List.of("x"))), pred));
        assertTrue(e.getMessage().contains("'p7'"), e.getMessage());
    }

    @Test
    void jsonMapHasHeadlineKeysFirstInOrder() {
        Map<String, Object> m = Evaluation.evaluate(GOLD, PRED).toJsonMap();
        assertEquals(List.of("tl.accuracy", "tl.microF1", "tl.macroF1", "wl.precision", "wl.recall", "wl.f1",
                        "wl.spanF1", "all.exactMatch", "documents", "missing", "unmatched", "perLabel",
                        "perTextLabel"),
                List.copyOf(m.keySet()));
        assertEquals(3.0 / 5, (Double) m.get("tl.accuracy"), EPS);
        assertEquals(8.0 / 13, (Double) m.get("wl.spanF1"), EPS);
        assertEquals(5, m.get("documents"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perLabel = (Map<String, Map<String, Object>>) m.get("perLabel");
        assertEquals(List.of("tp", "fp", "fn", "precision", "recall", "f1", "support"),
                List.copyOf(perLabel.get("city").keySet()));
        assertEquals(3, perLabel.get("city").get("tp"));
    }

    @Test
    void tableShowsPercentagesWithTwoDecimals() {
        String table = Evaluation.evaluate(GOLD, PRED).toTable();
        assertTrue(table.contains("| TL accuracy | 60.00 |"), table);
        assertTrue(table.contains("| WL F1 | 46.15 |"), table);
        assertTrue(table.contains("| city | 3 | 2 | 2 | 60.00 | 60.00 | 60.00 | 5 |"), table);
        assertTrue(table.contains("| date | 0 | 1 | 2 | 0.00 | 0.00 | 0.00 | 2 |"), table);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Randomized comparison against a brute-force re-implementation that uses only lists and nested loops.

    @Test
    void randomDocumentsMatchBruteForce() {
        Random rnd = new Random(20240917L);
        String[] textLabels = {"a", "b", "c", "d"};
        String[] spanLabels = {"P", "Q", "R"};
        List<Document> gold = new ArrayList<>();
        List<Document> pred = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "r" + i;
            Document g = doc(id, randomLabels(rnd, textLabels), randomSpans(rnd, spanLabels));
            gold.add(g);
            int roll = rnd.nextInt(10);
            if (roll == 0) {
                continue; // missing
            }
            if (roll < 5) {
                pred.add(perturb(rnd, g, textLabels, spanLabels));
            } else if (roll < 7) {
                pred.add(g.withId(id));
            } else {
                pred.add(doc(id, randomLabels(rnd, textLabels), randomSpans(rnd, spanLabels)));
            }
        }
        for (int i = 0; i < 10; i++) {
            pred.add(doc("extra" + i, randomLabels(rnd, textLabels), randomSpans(rnd, spanLabels)));
        }
        java.util.Collections.shuffle(pred, rnd);

        EvaluationResult r = Evaluation.evaluate(gold, pred);
        Brute b = brute(gold, pred);
        assertEquals(200, r.documents());
        assertEquals(b.missing, r.missing());
        assertEquals(10, r.unmatched());
        assertTrue(b.missing > 0);
        assertEquals(b.tlAccuracy, r.tlAccuracy(), EPS);
        assertEquals(b.tlP, r.tlMicroPrecision(), EPS);
        assertEquals(b.tlR, r.tlMicroRecall(), EPS);
        assertEquals(b.tlF, r.tlMicroF1(), EPS);
        assertEquals(b.tlMacro, r.tlMacroF1(), EPS);
        assertEquals(b.wlP, r.wlPrecision(), EPS);
        assertEquals(b.wlR, r.wlRecall(), EPS);
        assertEquals(b.wlF, r.wlF1(), EPS);
        assertEquals(b.spanF, r.wlSpanF1(), EPS);
        assertEquals(b.all, r.allExactMatch(), EPS);
        // sanity: the random data is neither perfect nor hopeless
        assertTrue(b.wlF > 0.2 && b.wlF < 0.95, "wlF " + b.wlF);
        assertTrue(b.tlAccuracy > 0.2 && b.tlAccuracy < 0.95, "acc " + b.tlAccuracy);
    }

    private static List<String> randomLabels(Random rnd, String[] labels) {
        List<String> out = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.add(labels[rnd.nextInt(labels.length)]); // repeats allowed on purpose
        }
        return out;
    }

    private static Span[] randomSpans(Random rnd, String[] labels) {
        int n = rnd.nextInt(5);
        Span[] out = new Span[n];
        for (int i = 0; i < n; i++) {
            int start = rnd.nextInt(6);
            out[i] = new Span(start, start + 1 + rnd.nextInt(3), labels[rnd.nextInt(labels.length)]);
        }
        return out;
    }

    private static Document perturb(Random rnd, Document g, String[] textLabels, String[] spanLabels) {
        List<String> labels = new ArrayList<>(g.labels());
        if (rnd.nextBoolean() && !labels.isEmpty()) {
            labels.remove(rnd.nextInt(labels.size()));
        }
        if (rnd.nextBoolean()) {
            labels.add(textLabels[rnd.nextInt(textLabels.length)]);
        }
        List<Span> spans = new ArrayList<>();
        for (Span sp : g.spans()) {
            int k = rnd.nextInt(6);
            if (k == 0) {
                continue; // dropped
            } else if (k == 1) {
                spans.add(new Span(sp.start(), sp.end() + 1, sp.label())); // boundary
            } else if (k == 2) {
                spans.add(new Span(sp.start(), sp.end(), spanLabels[rnd.nextInt(spanLabels.length)])); // label
            } else {
                spans.add(sp);
            }
        }
        if (rnd.nextInt(3) == 0) {
            int start = rnd.nextInt(8);
            spans.add(new Span(start, start + 1 + rnd.nextInt(3), spanLabels[rnd.nextInt(spanLabels.length)]));
        }
        return doc(g.id(), labels, spans.toArray(new Span[0]));
    }

    private static final class Brute {
        int missing;
        double tlAccuracy, tlP, tlR, tlF, tlMacro, wlP, wlR, wlF, spanF, all;
    }

    /** Independent reference implementation: plain lists, nested loops, its own zero-division code. */
    private static Brute brute(List<Document> gold, List<Document> pred) {
        Brute b = new Brute();
        int accOk = 0, allOk = 0;
        int tlTp = 0, tlFp = 0, tlFn = 0, wlTp = 0, wlFp = 0, wlFn = 0, rTp = 0, rFp = 0, rFn = 0;
        List<String> union = new ArrayList<>();
        List<List<String>> goldSets = new ArrayList<>();
        List<List<String>> predSets = new ArrayList<>();
        for (Document g : gold) {
            Document p = null;
            for (Document c : pred) {
                if (c.id().equals(g.id())) {
                    p = c;
                }
            }
            if (p == null) {
                b.missing++;
            }
            List<String> gl = distinct(g.labels());
            List<String> pl = p == null ? new ArrayList<>() : distinct(p.labels());
            goldSets.add(gl);
            predSets.add(pl);
            for (String x : gl) {
                if (!union.contains(x)) {
                    union.add(x);
                }
            }
            for (String x : pl) {
                if (!union.contains(x)) {
                    union.add(x);
                }
            }
            List<String> gs = new ArrayList<>();
            for (Span sp : g.spans()) {
                gs.add(sp.start() + "," + sp.end() + "," + sp.label());
            }
            List<String> ps = new ArrayList<>();
            List<String> gr = new ArrayList<>();
            for (Span sp : g.spans()) {
                gr.add(sp.start() + "," + sp.end());
            }
            List<String> pr = new ArrayList<>();
            if (p != null) {
                for (Span sp : p.spans()) {
                    ps.add(sp.start() + "," + sp.end() + "," + sp.label());
                    pr.add(sp.start() + "," + sp.end());
                }
            }
            gs = distinct(gs);
            ps = distinct(ps);
            gr = distinct(gr);
            pr = distinct(pr);
            boolean labelsSame = p != null && gl.size() == pl.size() && pl.containsAll(gl);
            boolean spansSame = gs.size() == ps.size() && ps.containsAll(gs);
            if (labelsSame) {
                accOk++;
            }
            if (labelsSame && spansSame) {
                allOk++;
            }
            int[] c = overlap(gl, pl);
            tlTp += c[0];
            tlFp += c[1];
            tlFn += c[2];
            c = overlap(gs, ps);
            wlTp += c[0];
            wlFp += c[1];
            wlFn += c[2];
            c = overlap(gr, pr);
            rTp += c[0];
            rFp += c[1];
            rFn += c[2];
        }
        b.tlAccuracy = gold.isEmpty() ? 1.0 : accOk / (double) gold.size();
        b.all = gold.isEmpty() ? 1.0 : allOk / (double) gold.size();
        double[] prf = prf(tlTp, tlFp, tlFn);
        b.tlP = prf[0];
        b.tlR = prf[1];
        b.tlF = prf[2];
        prf = prf(wlTp, wlFp, wlFn);
        b.wlP = prf[0];
        b.wlR = prf[1];
        b.wlF = prf[2];
        b.spanF = prf(rTp, rFp, rFn)[2];
        double sum = 0;
        for (String label : union) {
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < goldSets.size(); i++) {
                boolean inGold = goldSets.get(i).contains(label);
                boolean inPred = predSets.get(i).contains(label);
                if (inGold && inPred) {
                    tp++;
                } else if (inPred) {
                    fp++;
                } else if (inGold) {
                    fn++;
                }
            }
            sum += prf(tp, fp, fn)[2];
        }
        b.tlMacro = union.isEmpty() ? 1.0 : sum / union.size();
        return b;
    }

    private static List<String> distinct(List<String> xs) {
        List<String> out = new ArrayList<>();
        for (String x : xs) {
            boolean seen = false;
            for (String y : out) {
                if (y.equals(x)) {
                    seen = true;
                }
            }
            if (!seen) {
                out.add(x);
            }
        }
        return out;
    }

    /** {tp, fp, fn} of two duplicate-free lists. */
    private static int[] overlap(List<String> gold, List<String> pred) {
        int tp = 0;
        for (String g : gold) {
            for (String p : pred) {
                if (g.equals(p)) {
                    tp++;
                }
            }
        }
        return new int[] {tp, pred.size() - tp, gold.size() - tp};
    }

    private static double[] prf(int tp, int fp, int fn) {
        double p;
        if (tp + fp > 0) {
            p = tp / (double) (tp + fp);
        } else if (fn == 0) {
            p = 1;
        } else {
            p = 0;
        }
        double r;
        if (tp + fn > 0) {
            r = tp / (double) (tp + fn);
        } else if (fp == 0) {
            r = 1;
        } else {
            r = 0;
        }
        double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
        return new double[] {p, r, f};
    }
}
