package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nearest-prototype text classification in an embedding space, the classifier every few-shot method shares. A label's
 * prototype is the unit-length sum of
 * <ul>
 *   <li>the embedding of its readable name ("play music"),</li>
 *   <li>the mean embedding of its k examples,</li>
 *   <li>for the MRE verbalizer, {@link #VERBALIZER_WEIGHT} times the weighted mean embedding of its
 *   {@link Verbalizer} items (span types and span texts), weights w(c, v) from the verbalizer, and</li>
 *   <li>for the type templates, the mean embedding of its examples with their spans replaced by their types'
 *   names ({@link TypeTemplates});</li>
 * </ul>
 * so each part counts the same however many examples or items there are. A text goes to the label whose prototype is
 * most similar (cosine).
 *
 * <p>Multi-label data: a text gets the m labels with the most similar prototypes, where m is the most common number
 * of labels per example in the support set (ties to the smaller; 1 on SemEval-14, whose sentences mostly name one
 * aspect category). Choosing m from the support set keeps the rule free of test information.
 */
public final class PrototypeClassifier {
    /**
     * The weight of the verbalizer part of a prototype against the name part and the examples part (1 each), chosen
     * on the dev splits of SNIPS, ATIS and CAIS and a held-out part of SemEval-14's training data (docs/fewshot.md).
     */
    public static final double VERBALIZER_WEIGHT = 0.25;

    private final List<String> labels;
    private final float[][] prototypes;
    private final int labelsPerText;

    private PrototypeClassifier(List<String> labels, float[][] prototypes, int labelsPerText) {
        this.labels = labels;
        this.prototypes = prototypes;
        this.labelsPerText = labelsPerText;
    }

    /**
     * Builds the prototypes of {@code labels} from their readable {@code names}, the {@code support} examples and
     * the word-level {@code parts}.
     */
    public static PrototypeClassifier build(List<String> labels, Map<String, String> names, List<Document> support,
                                            Parts parts, TextEmbedder embedder) {
        Map<String, String> typeNames = TypeTemplates.typeNames(support);
        List<String> texts = new ArrayList<>();
        labels.forEach(l -> texts.add(names.get(l)));
        support.forEach(d -> texts.add(d.text()));
        if (parts.templates()) {
            support.forEach(d -> texts.add(TypeTemplates.of(d, typeNames)));
        }
        if (parts.verbalizer() != null) {
            labels.forEach(l -> parts.verbalizer().items(l).forEach(item -> texts.add(item.text())));
        }
        float[][] vectors = embedder.embed(texts);
        Map<String, float[]> byText = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            byText.put(texts.get(i), vectors[i]);
        }
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        float[][] prototypes = new float[labels.size()][];
        for (int c = 0; c < labels.size(); c++) {
            String label = labels.get(c);
            double[] sum = new double[dim];
            Vectors.addScaled(sum, byText.get(names.get(label)), 1);
            List<Document> examples = support.stream().filter(d -> d.labels().contains(label)).toList();
            for (Document d : examples) {
                Vectors.addScaled(sum, byText.get(d.text()), 1.0 / examples.size());
                if (parts.templates()) {
                    Vectors.addScaled(sum, byText.get(TypeTemplates.of(d, typeNames)), 1.0 / examples.size());
                }
            }
            if (parts.verbalizer() != null) {
                List<Verbalizer.Item> items = parts.verbalizer().items(label);
                double total = items.stream().mapToDouble(Verbalizer.Item::weight).sum();
                for (Verbalizer.Item item : items) {
                    Vectors.addScaled(sum, byText.get(item.text()), parts.verbalizerWeight() * item.weight() / total);
                }
            }
            prototypes[c] = Vectors.toUnitFloat(sum);
        }
        return new PrototypeClassifier(List.copyOf(labels), prototypes, labelsPerText(support));
    }

    /**
     * The word-level parts of a prototype beside the name and the examples.
     *
     * @param verbalizer       the weighted items to add, or null for none
     * @param verbalizerWeight the weight of the items' part against the name's and the examples' (1 each)
     * @param templates        whether to add the mean of the examples' {@link TypeTemplates}, with weight 1
     */
    public record Parts(Verbalizer verbalizer, double verbalizerWeight, boolean templates) {
        /** Name and examples only: the baseline. */
        public static final Parts NONE = new Parts(null, 0, false);

        /** The MRE verbalizer with weight {@code weight} (default {@link #VERBALIZER_WEIGHT}). */
        public static Parts ofVerbalizer(Verbalizer verbalizer, double weight) {
            return new Parts(verbalizer, weight, false);
        }

        /** The examples' type templates. */
        public static Parts typeTemplates() {
            return new Parts(null, 0, true);
        }
    }

    /** The most common number of labels per support example (ties to the smaller), at least 1. */
    static int labelsPerText(List<Document> support) {
        Map<Integer, Integer> sizes = new TreeMap<>();
        support.forEach(d -> sizes.merge(Math.max(1, (int) d.labels().stream().distinct().count()), 1,
                Integer::sum));
        int best = 1;
        int bestCount = 0;
        for (Map.Entry<Integer, Integer> e : sizes.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    public List<String> labels() {
        return labels;
    }

    /** How many labels each text gets. */
    public int labelsPerText() {
        return labelsPerText;
    }

    /** The cosine of {@code text} (a unit vector) with every label's prototype, in {@link #labels()} order. */
    public double[] scores(float[] text) {
        double[] out = new double[prototypes.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = Vectors.dot(text, prototypes[c]);
        }
        return out;
    }

    /** The predicted label indices (into {@link #labels()}) of each text, best first. */
    public int[][] predict(float[][] texts) {
        int m = Math.min(labelsPerText, prototypes.length);
        int[][] out = new int[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            double[] s = scores(texts[i]);
            int[] top = new int[m];
            boolean[] taken = new boolean[s.length];
            for (int j = 0; j < m; j++) {
                int best = -1;
                for (int c = 0; c < s.length; c++) {
                    if (!taken[c] && (best < 0 || s[c] > s[best])) {
                        best = c;
                    }
                }
                taken[best] = true;
                top[j] = best;
            }
            out[i] = top;
        }
        return out;
    }
}
