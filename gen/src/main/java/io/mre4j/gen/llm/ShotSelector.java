package io.mre4j.gen.llm;

import io.mre4j.core.doc.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the in-context examples for a text: the {@code k} training documents most similar to it, by cosine
 * similarity of TF-IDF weighted character bigrams (lower-cased; no tokenizer, so it works for every language). Ties go
 * to the earlier training document, so the choice is deterministic.
 */
public final class ShotSelector {
    private final List<Document> training;
    private final List<Map<String, Double>> vectors = new ArrayList<>();
    private final Map<String, Double> idf = new HashMap<>();

    public ShotSelector(List<Document> training) {
        this.training = List.copyOf(training);
        Map<String, Integer> df = new HashMap<>();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (Document d : this.training) {
            Map<String, Integer> c = bigrams(d.text());
            counts.add(c);
            c.keySet().forEach(g -> df.merge(g, 1, Integer::sum));
        }
        df.forEach((g, n) -> idf.put(g, Math.log((1.0 + this.training.size()) / (1.0 + n)) + 1));
        counts.forEach(c -> vectors.add(weigh(c)));
    }

    /** The {@code k} most similar training documents, most similar first. */
    public List<Document> select(String text, int k) {
        if (k <= 0 || training.isEmpty()) {
            return List.of();
        }
        Map<String, Double> query = weigh(bigrams(text));
        List<Integer> order = new ArrayList<>();
        double[] similarity = new double[training.size()];
        for (int i = 0; i < training.size(); i++) {
            similarity[i] = dot(query, vectors.get(i));
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -similarity[i]).thenComparing(i -> i));
        return order.subList(0, Math.min(k, order.size())).stream().map(training::get).toList();
    }

    private static Map<String, Integer> bigrams(String text) {
        String t = " " + text.toLowerCase(java.util.Locale.ROOT).strip() + " ";
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i + 2 <= t.length(); i++) {
            out.merge(t.substring(i, i + 2), 1, Integer::sum);
        }
        return out;
    }

    private Map<String, Double> weigh(Map<String, Integer> counts) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double w = e.getValue() * idf.getOrDefault(e.getKey(), 0.0);
            if (w > 0) {
                v.put(e.getKey(), w);
                norm += w * w;
            }
        }
        double n = Math.sqrt(norm);
        if (n > 0) {
            v.replaceAll((g, w) -> w / n);
        }
        return v;
    }

    private static double dot(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> small = a.size() <= b.size() ? a : b;
        Map<String, Double> large = small == a ? b : a;
        double s = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            s += e.getValue() * large.getOrDefault(e.getKey(), 0.0);
        }
        return s;
    }
}
