package io.mre4j.core.stats;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.TagScheme;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what a corpus holds: documents, label and span counts, and the spans that do not fall on token boundaries of
 * the language's tokenizer (misaligned) or that overlap another span. Misaligned spans are counted and shown, never
 * moved: a word-level model cannot learn them exactly, and the user should know how many there are.
 */
public final class CorpusStatistics {
    private static final int EXAMPLES = 5;

    private int documents;
    private int spans;
    private int tokens;
    private int documentsWithoutSpans;
    private int documentsWithoutLabels;
    private int multiLabelDocuments;
    private int misaligned;
    private int overlapping;
    private final Map<String, Integer> languages = new TreeMap<>();
    private final Map<String, Integer> textLabels = new TreeMap<>();
    private final Map<String, Integer> spanLabels = new TreeMap<>();
    private final List<String> misalignedExamples = new ArrayList<>();

    public void add(Document d) {
        documents++;
        languages.merge(d.lang().isEmpty() ? "?" : d.lang(), 1, Integer::sum);
        d.labels().forEach(l -> textLabels.merge(l, 1, Integer::sum));
        documentsWithoutLabels += d.labels().isEmpty() ? 1 : 0;
        multiLabelDocuments += d.labels().size() > 1 ? 1 : 0;
        spans += d.spans().size();
        documentsWithoutSpans += d.spans().isEmpty() ? 1 : 0;
        d.spans().forEach(s -> spanLabels.merge(s.label(), 1, Integer::sum));
        List<Token> tokenList = Tokenizers.forLanguage(d.lang()).tokenize(d.text());
        tokens += tokenList.size();
        SpanTagger.Encoding encoding = SpanTagger.encode(tokenList, d.spans(), TagScheme.BIO);
        misaligned += encoding.misaligned().size();
        overlapping += encoding.overlapping().size();
        for (Span s : encoding.misaligned()) {
            if (misalignedExamples.size() < EXAMPLES) {
                misalignedExamples.add(d.id() + " [" + s.start() + "," + s.end() + ") " + s.label() + " '"
                        + s.surface(d.text()) + "' in tokens " + tokensAround(d.text(), tokenList, s));
            }
        }
    }

    private static String tokensAround(String text, List<Token> tokens, Span s) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            if (t.end() > s.start() && t.start() < s.end()) {
                out.append(out.isEmpty() ? "" : "|").append(t.surface(text));
            }
        }
        return "'" + out + "'";
    }

    /** The counts as an ordered map, ready for JSON. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("documents", documents);
        map.put("spans", spans);
        map.put("tokens", tokens);
        map.put("languages", languages);
        map.put("textLabels", textLabels);
        map.put("spanLabels", spanLabels);
        map.put("documentsWithoutLabels", documentsWithoutLabels);
        map.put("multiLabelDocuments", multiLabelDocuments);
        map.put("documentsWithoutSpans", documentsWithoutSpans);
        map.put("misalignedSpans", misaligned);
        map.put("overlappingSpans", overlapping);
        map.put("misalignedExamples", misalignedExamples);
        return map;
    }

    /** A readable report. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("documents          %d%n", documents));
        out.append(String.format("tokens             %d%n", tokens));
        out.append(String.format("spans              %d%n", spans));
        out.append(String.format("languages          %s%n", languages));
        out.append(String.format("no text label      %d documents%n", documentsWithoutLabels));
        out.append(String.format("several labels     %d documents%n", multiLabelDocuments));
        out.append(String.format("no span            %d documents%n", documentsWithoutSpans));
        out.append(String.format("misaligned spans   %d (an edge inside a token)%n", misaligned));
        out.append(String.format("overlapping spans  %d%n", overlapping));
        misalignedExamples.forEach(e -> out.append("  e.g. ").append(e).append('\n'));
        table(out, "text label", textLabels);
        table(out, "span label", spanLabels);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return;
        }
        int width = Math.max(title.length(), counts.keySet().stream().mapToInt(String::length).max().orElse(0));
        out.append('\n').append(String.format("%-" + width + "s  %7s%n", title, "count"));
        counts.forEach((label, count) -> out.append(String.format("%-" + width + "s  %7d%n", label, count)));
    }

    public int documents() {
        return documents;
    }

    public int misalignedSpans() {
        return misaligned;
    }
}
