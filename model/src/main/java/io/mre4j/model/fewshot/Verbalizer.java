package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The MRE verbalizer: for each text label, the word-level items that co-occur with it in the k examples, weighted by
 * how typical of the label and how specific to it they are. It follows the knowledgeable verbalizer of the MRE
 * empirical study (Gan et al., "Empirical Study of Mutual Reinforcement Effect and Application in Few-shot Text
 * Classification Tasks via Prompt"), which extends each label's verbalizer with the entities and entity types of its
 * examples, and the relevance refinement of KPT (Hu et al. 2022), which down-weights label words that fit every class.
 *
 * <p>Items are of two kinds: a span's <em>type</em> ({@code fromloc.city_name}, embedded as its readable name
 * "fromloc city name") and a span's <em>surface</em> text, lower-cased ("boston"). For label c and item v, with
 * n(c, v) the number of c's examples that contain v and N_c the number of c's examples:
 * <ul>
 *   <li>typicality f(c, v) = n(c, v) / N_c, the share of c's examples with v (a frequency, so labels with fewer than
 *   k examples are not penalised);</li>
 *   <li>a smoothed p(c | v) = (f(c, v) + α) / Σ_c' (f(c', v) + α), computed from the frequencies rather than the raw
 *   counts so that every label has the same prior however many examples it has; α = {@value #SMOOTHING} keeps an
 *   item seen once from claiming certainty;</li>
 *   <li>specificity s(c, v) = max(0, (p(c | v) − 1/C) / (1 − 1/C)) over C labels: 0 for an item no more likely
 *   under c than under a label picked at random (a city that every flight intent mentions), 1 for an item only c
 *   has (in the limit of many examples);</li>
 *   <li>weight w(c, v) = f(c, v) · s(c, v), the TF × IDF idea with a probabilistic IDF.</li>
 * </ul>
 */
public final class Verbalizer {
    /** The additive smoothing α of p(label | item), on frequencies (0-1). */
    public static final double SMOOTHING = 0.1;

    private final Map<String, List<Item>> items;

    private Verbalizer(Map<String, List<Item>> items) {
        this.items = items;
    }

    /** Mines the verbalizer of every label in {@code labels} from {@code support}. */
    public static Verbalizer mine(List<Document> support, List<String> labels) {
        Map<String, String> typeNames = new HashMap<>();
        Map<String, Map<Key, Integer>> counts = new TreeMap<>();
        Map<String, Integer> examples = new HashMap<>();
        for (Document d : support) {
            Set<Key> keys = new LinkedHashSet<>();
            for (Span s : d.spans()) {
                keys.add(new Key(Kind.TYPE, s.label()));
                String surface = s.surface(d.text()).strip().toLowerCase(Locale.ROOT);
                if (!surface.isEmpty()) {
                    keys.add(new Key(Kind.SURFACE, surface));
                }
                typeNames.putIfAbsent(s.label(), null);
            }
            for (String label : new LinkedHashSet<>(d.labels())) {
                examples.merge(label, 1, Integer::sum);
                Map<Key, Integer> c = counts.computeIfAbsent(label, l -> new HashMap<>());
                keys.forEach(k -> c.merge(k, 1, Integer::sum));
            }
        }
        typeNames.putAll(LabelNames.humanise(new ArrayList<>(new TreeMap<>(typeNames).keySet())));

        // Σ_c' f(c', v) per item, over the labels that have examples.
        Map<Key, Double> frequencySums = new HashMap<>();
        counts.forEach((label, c) -> c.forEach((key, n) ->
                frequencySums.merge(key, (double) n / examples.get(label), Double::sum)));
        int classes = labels.size();
        Map<String, List<Item>> out = new TreeMap<>();
        for (String label : labels) {
            List<Item> list = new ArrayList<>();
            Map<Key, Integer> c = counts.getOrDefault(label, Map.of());
            for (Map.Entry<Key, Integer> e : c.entrySet()) {
                Key key = e.getKey();
                double f = (double) e.getValue() / examples.get(label);
                double p = (f + SMOOTHING) / (frequencySums.get(key) + SMOOTHING * classes);
                double s = classes < 2 ? 1 : (p - 1.0 / classes) / (1 - 1.0 / classes);
                // Rounding leaves an item spread evenly over the labels a specificity of ±1e-16, not 0.
                s = s < 1e-9 ? 0 : s;
                double w = f * s;
                if (w > 0) {
                    String text = key.kind == Kind.TYPE ? typeNames.get(key.value) : key.value;
                    list.add(new Item(key.kind, key.value, text, e.getValue(), f, p, s, w));
                }
            }
            list.sort(Comparator.comparingDouble(Item::weight).reversed().thenComparing(Item::kind)
                    .thenComparing(Item::value));
            out.put(label, Collections.unmodifiableList(list));
        }
        return new Verbalizer(Collections.unmodifiableMap(out));
    }

    /** This verbalizer with only the items of one kind (an ablation). */
    public Verbalizer only(Kind kind) {
        Map<String, List<Item>> out = new TreeMap<>();
        items.forEach((label, list) -> out.put(label, list.stream().filter(i -> i.kind() == kind).toList()));
        return new Verbalizer(Collections.unmodifiableMap(out));
    }

    /** The weighted items of {@code label}, heaviest first; empty when its examples have no spans. */
    public List<Item> items(String label) {
        return items.getOrDefault(label, List.of());
    }

    /** Every label's items. */
    public Map<String, List<Item>> all() {
        return items;
    }

    /** What a word-level item is: a span's type or a span's text. */
    public enum Kind { TYPE, SURFACE }

    private record Key(Kind kind, String value) {
    }

    /**
     * One verbalizer item of a label.
     *
     * @param value       the span type, or the lower-cased surface text
     * @param text        what is embedded: the type's readable name, or the surface text
     * @param examples    n(c, v): the label's examples that contain the item
     * @param typicality  f(c, v)
     * @param probability the smoothed p(c | v)
     * @param specificity s(c, v)
     * @param weight      w(c, v) = f · s
     */
    public record Item(Kind kind, String value, String text, int examples, double typicality, double probability,
                       double specificity, double weight) {
    }
}
