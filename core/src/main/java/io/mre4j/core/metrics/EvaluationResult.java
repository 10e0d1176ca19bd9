package io.mre4j.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scores of one {@link Evaluation}: headline text-level (TL), word-level (WL) and joint (ALL) metrics, the
 * document counts, and per-label tables for span labels ({@code perLabel}) and text labels ({@code perTextLabel}).
 */
public record EvaluationResult(
        int documents,
        int missing,
        int unmatched,
        double tlAccuracy,
        double tlMicroPrecision,
        double tlMicroRecall,
        double tlMicroF1,
        double tlMacroF1,
        double wlPrecision,
        double wlRecall,
        double wlF1,
        double wlSpanF1,
        double allExactMatch,
        Map<String, LabelScore> perLabel,
        Map<String, LabelScore> perTextLabel) {

    public EvaluationResult {
        perLabel = Collections.unmodifiableMap(new TreeMap<>(perLabel));
        perTextLabel = Collections.unmodifiableMap(new TreeMap<>(perTextLabel));
    }

    /**
     * An insertion-ordered, JSON-compatible map: the eight headline shares first ({@code tl.accuracy},
     * {@code tl.microF1}, {@code tl.macroF1}, {@code wl.precision}, {@code wl.recall}, {@code wl.f1},
     * {@code wl.spanF1}, {@code all.exactMatch}), then {@code documents}, {@code missing}, {@code unmatched}, then
     * {@code perLabel} and {@code perTextLabel} (label to the {@link LabelScore} fields).
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tl.accuracy", tlAccuracy);
        m.put("tl.microF1", tlMicroF1);
        m.put("tl.macroF1", tlMacroF1);
        m.put("wl.precision", wlPrecision);
        m.put("wl.recall", wlRecall);
        m.put("wl.f1", wlF1);
        m.put("wl.spanF1", wlSpanF1);
        m.put("all.exactMatch", allExactMatch);
        m.put("documents", documents);
        m.put("missing", missing);
        m.put("unmatched", unmatched);
        m.put("perLabel", tableJson(perLabel));
        m.put("perTextLabel", tableJson(perTextLabel));
        return m;
    }

    /** A Markdown table of the headline metrics in percent, the document counts, then the per-span-label table. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| metric | % |\n|---|---:|\n");
        row(sb, "TL accuracy", tlAccuracy);
        row(sb, "TL micro precision", tlMicroPrecision);
        row(sb, "TL micro recall", tlMicroRecall);
        row(sb, "TL micro F1", tlMicroF1);
        row(sb, "TL macro F1", tlMacroF1);
        row(sb, "WL precision", wlPrecision);
        row(sb, "WL recall", wlRecall);
        row(sb, "WL F1", wlF1);
        row(sb, "WL span F1 (type-agnostic)", wlSpanF1);
        row(sb, "ALL exact match", allExactMatch);
        sb.append('\n').append(String.format(Locale.ROOT, "documents: %d, missing: %d, unmatched: %d%n",
                documents, missing, unmatched));
        sb.append("\n| span label | tp | fp | fn | precision | recall | f1 | support |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, LabelScore> e : perLabel.entrySet()) {
            LabelScore s = e.getValue();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %d |%n", e.getKey(),
                    s.tp(), s.fp(), s.fn(), pct(s.precision()), pct(s.recall()), pct(s.f1()), s.support()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double value) {
        sb.append("| ").append(name).append(" | ").append(pct(value)).append(" |\n");
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.2f", 100 * share);
    }

    private static Map<String, Object> tableJson(Map<String, LabelScore> table) {
        Map<String, Object> m = new LinkedHashMap<>();
        table.forEach((label, score) -> m.put(label, score.toJsonMap()));
        return m;
    }
}
