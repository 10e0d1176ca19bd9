package io.mre4j.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts and precision, recall and F1 for one label (or for a micro-averaged total). {@link #of(int, int, int)} is
 * the single place where scores are computed from counts, under the zero-division convention of {@link Evaluation}.
 */
public record LabelScore(int tp, int fp, int fn, double precision, double recall, double f1, int support) {

    /** Scores from counts: see {@link #precision(int, int, int)}, {@link #recall(int, int, int)}, {@link #f1}. */
    public static LabelScore of(int tp, int fp, int fn) {
        double p = precision(tp, fp, fn);
        double r = recall(tp, fp, fn);
        return new LabelScore(tp, fp, fn, p, r, f1(p, r), tp + fn);
    }

    /** TP/(TP+FP); when TP+FP = 0 it is 1 if FN = 0, else 0. */
    public static double precision(int tp, int fp, int fn) {
        if (tp + fp == 0) {
            return fn == 0 ? 1.0 : 0.0;
        }
        return (double) tp / (tp + fp);
    }

    /** TP/(TP+FN); when TP+FN = 0 it is 1 if FP = 0, else 0. */
    public static double recall(int tp, int fp, int fn) {
        if (tp + fn == 0) {
            return fp == 0 ? 1.0 : 0.0;
        }
        return (double) tp / (tp + fn);
    }

    /** 2PR/(P+R); 0 when P+R = 0. */
    public static double f1(double precision, double recall) {
        double sum = precision + recall;
        return sum == 0 ? 0.0 : 2 * precision * recall / sum;
    }

    /** The fields as an insertion-ordered, JSON-compatible map. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", tp);
        m.put("fp", fp);
        m.put("fn", fn);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("support", support);
        return m;
    }
}
