package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws the k labelled examples per text label that a few-shot run may learn from, deterministically from a seed.
 *
 * <p>Each label's training documents are shuffled once per seed, by a generator seeded from the seed and the label
 * alone, and taken from the front: so the k = 5 support set of a seed holds its k = 1 set (for single-label data;
 * nearly so for multi-label data), and learning curves over k compare nested sets rather than unrelated draws.
 *
 * <p>Multi-label data (SemEval-14's aspect categories): labels are visited rarest first, and a label's quota counts
 * every support document that carries it, whichever label drew it; a label draws new documents only until it has k.
 * This is the greedy "minimum including" sampling of Hou et al. (2020, few-shot multi-label intent detection): each
 * label gets at least k examples where the data has them, frequent labels a few more, since co-occurring labels come
 * along. A label with fewer than k training documents contributes all it has, and {@link Support#shortLabels} says
 * which.
 */
public final class ShotSampler {
    private final Map<String, List<Integer>> byLabel = new TreeMap<>();
    private final List<Document> train;

    public ShotSampler(List<Document> train) {
        this.train = List.copyOf(train);
        for (int i = 0; i < this.train.size(); i++) {
            for (String label : new HashSet<>(this.train.get(i).labels())) {
                byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(i);
            }
        }
    }

    /** Every text label of the training data, sorted. */
    public List<String> labels() {
        return List.copyOf(byLabel.keySet());
    }

    /** How many training documents carry each label. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        byLabel.forEach((label, docs) -> out.put(label, docs.size()));
        return out;
    }

    /** The support set of {@code k} examples per label for {@code seed}. */
    public Support sample(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        List<String> order = new ArrayList<>(byLabel.keySet());
        order.sort(Comparator.comparingInt((String l) -> byLabel.get(l).size()).thenComparing(l -> l));
        Set<Integer> chosen = new HashSet<>();
        List<Integer> picks = new ArrayList<>();
        Map<String, Integer> perLabel = new TreeMap<>();
        for (String label : order) {
            List<Integer> docs = new ArrayList<>(byLabel.get(label));
            Collections.shuffle(docs, new Random(mix(seed, label)));
            int have = 0;
            for (int i : picks) {
                if (train.get(i).labels().contains(label)) {
                    have++;
                }
            }
            for (int i = 0; i < docs.size() && have < k; i++) {
                if (chosen.add(docs.get(i))) {
                    picks.add(docs.get(i));
                    have++;
                }
            }
            perLabel.put(label, have);
        }
        List<Document> documents = picks.stream().sorted().map(train::get).toList();
        Map<String, Integer> counts = new TreeMap<>();
        for (Document d : documents) {
            for (String label : new HashSet<>(d.labels())) {
                counts.merge(label, 1, Integer::sum);
            }
        }
        Map<String, Integer> shortLabels = new TreeMap<>();
        counts.forEach((label, n) -> {
            if (n < k) {
                shortLabels.put(label, n);
            }
        });
        return new Support(k, seed, documents, counts, shortLabels);
    }

    /** A generator seed from the run's seed and a label, independent of every other label and of k. */
    static long mix(long seed, String label) {
        long h = seed * 0x9E3779B97F4A7C15L + label.hashCode();
        h ^= h >>> 31;
        return h * 0xBF58476D1CE4E5B9L;
    }

    /**
     * One support set.
     *
     * @param documents   the chosen training documents, in training-set order
     * @param counts      per label, how many chosen documents carry it
     * @param shortLabels labels with fewer than k examples (all the training data had), with their counts
     */
    public record Support(int k, long seed, List<Document> documents, Map<String, Integer> counts,
                          Map<String, Integer> shortLabels) {
        public Support {
            documents = List.copyOf(documents);
            counts = Collections.unmodifiableMap(new TreeMap<>(counts));
            shortLabels = Collections.unmodifiableMap(new TreeMap<>(shortLabels));
        }
    }
}
