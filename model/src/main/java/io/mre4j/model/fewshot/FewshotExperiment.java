package io.mre4j.model.fewshot;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.study.Summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The few-shot MRE comparison (DESIGN §4, engine 3): for each k and seed, draw k examples per text label
 * ({@link ShotSampler}), build a label-name + examples prototype classifier (the baseline) and the same with the
 * word-level {@link Verbalizer} of those examples (the MRE verbalizer), classify the test texts with both, and
 * compare them by accuracy and macro F1 with two-level bootstrap intervals ({@link SeedBootstrap}).
 */
public final class FewshotExperiment {
    public static final String BASELINE = "baseline";
    public static final String VERBALIZER = "verbalizer";
    public static final List<String> METHODS = List.of(BASELINE, VERBALIZER);
    /** How many items per label the report shows from one verbalizer. */
    static final int ITEMS_SHOWN = 6;

    private final List<Integer> ks;
    private final List<Long> seeds;
    private final SeedBootstrap bootstrap;
    private final Listener listener;

    /** Progress, one call per (k, seed) after both methods ran. */
    public interface Listener {
        void ran(int index, int total, Run baseline, Run verbalizer);
    }

    public FewshotExperiment(List<Integer> ks, List<Long> seeds, SeedBootstrap bootstrap, Listener listener) {
        if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("every k must be at least 1: " + ks);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("need at least one seed");
        }
        this.ks = List.copyOf(new TreeSet<>(ks));
        this.seeds = List.copyOf(seeds);
        this.bootstrap = bootstrap;
        this.listener = listener == null ? (i, n, a, b) -> { } : listener;
    }

    public FewshotResult run(String name, List<Document> train, List<Document> test, TextEmbedder embedder,
                             Map<String, Object> provenance) {
        ShotSampler sampler = new ShotSampler(train);
        List<String> labels = sampler.labels();
        if (labels.isEmpty()) {
            throw new DataException("the training data has no text labels; few-shot text classification needs "
                    + "labelled examples");
        }
        if (test.isEmpty()) {
            throw new DataException("the test data has no documents");
        }
        Map<String, String> names = LabelNames.humanise(labels);
        List<String> notes = new ArrayList<>();
        boolean multiLabel = train.stream().anyMatch(d -> d.labels().stream().distinct().count() > 1)
                || test.stream().anyMatch(d -> d.labels().stream().distinct().count() > 1);

        // Gold label indices; labels only the test data has get indices after the training labels.
        List<String> space = new ArrayList<>(labels);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < space.size(); i++) {
            index.put(space.get(i), i);
        }
        Map<String, Integer> unseen = new TreeMap<>();
        int unlabelled = 0;
        int[][] gold = new int[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            List<String> docLabels = List.copyOf(new LinkedHashSet<>(test.get(i).labels()));
            if (docLabels.isEmpty()) {
                unlabelled++;
            }
            gold[i] = new int[docLabels.size()];
            for (int j = 0; j < docLabels.size(); j++) {
                String label = docLabels.get(j);
                if (!index.containsKey(label)) {
                    index.put(label, space.size());
                    space.add(label);
                }
                if (index.get(label) >= labels.size()) {
                    unseen.merge(label, 1, Integer::sum);
                }
                gold[i][j] = index.get(label);
            }
        }
        if (!unseen.isEmpty()) {
            notes.add("test labels never seen in training count as errors (they cannot be predicted): " + unseen);
        }
        if (unlabelled > 0) {
            notes.add(unlabelled + " test document(s) have no text label; every prediction on them is wrong");
        }
        if (multiLabel) {
            notes.add("multi-label data: each label gets at least k support examples (rarest label first; a "
                    + "document counts for every label it carries), and a text gets the m most similar labels, m "
                    + "the most common label count of the support examples; accuracy is exact label-set match");
        }

        long started = System.nanoTime();
        float[][] testVectors = embedder.embed(test.stream().map(Document::text).toList());
        double testEmbedSeconds = (System.nanoTime() - started) / 1e9;

        List<Run> runs = new ArrayList<>();
        Map<Integer, Map<String, List<int[][]>>> predictions = new LinkedHashMap<>();
        Map<Integer, Map<String, Integer>> shortLabels = new LinkedHashMap<>();
        Map<String, List<Verbalizer.Item>> shown = new TreeMap<>();
        int total = ks.size() * seeds.size();
        int done = 0;
        for (int k : ks) {
            Map<String, List<int[][]>> byMethod = new LinkedHashMap<>();
            METHODS.forEach(m -> byMethod.put(m, new ArrayList<>()));
            Map<String, Integer> shortest = new TreeMap<>();
            for (long seed : seeds) {
                ShotSampler.Support support = sampler.sample(k, seed);
                support.shortLabels().forEach((l, n) -> shortest.merge(l, n, Math::min));
                long t0 = System.nanoTime();
                PrototypeClassifier baseline = PrototypeClassifier.build(labels, names, support.documents(), null,
                        embedder);
                int[][] base = baseline.predict(testVectors);
                double baseSeconds = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                Verbalizer verbalizer = Verbalizer.mine(support.documents(), labels);
                int[][] mre = PrototypeClassifier.build(labels, names, support.documents(), verbalizer, embedder)
                        .predict(testVectors);
                double mreSeconds = (System.nanoTime() - t0) / 1e9;
                if (k == ks.get(ks.size() - 1) && seed == seeds.get(0)) {
                    verbalizer.all().forEach((l, items) ->
                            shown.put(l, items.subList(0, Math.min(ITEMS_SHOWN, items.size()))));
                }
                int items = verbalizer.all().values().stream().mapToInt(List::size).sum();
                byMethod.get(BASELINE).add(base);
                byMethod.get(VERBALIZER).add(mre);
                Run a = run(k, seed, BASELINE, gold, base, space.size(), support, 0, baseSeconds);
                Run b = run(k, seed, VERBALIZER, gold, mre, space.size(), support, items, mreSeconds);
                runs.add(a);
                runs.add(b);
                listener.ran(++done, total, a, b);
            }
            predictions.put(k, byMethod);
            shortLabels.put(k, shortest);
            if (!shortest.isEmpty()) {
                notes.add("k = " + k + ": " + shortest.size() + " label(s) have fewer than k training examples and "
                        + "use all they have: " + shortest);
            }
        }

        List<PerK> perK = new ArrayList<>();
        for (int k : ks) {
            Map<String, Map<FewshotMetric, MethodScore>> scores = new LinkedHashMap<>();
            for (String method : METHODS) {
                Map<FewshotMetric, MethodScore> m = new LinkedHashMap<>();
                for (FewshotMetric metric : FewshotMetric.values()) {
                    double[] values = runs.stream().filter(r -> r.k() == k && r.method().equals(method))
                            .mapToDouble(r -> r.scores().get(metric)).toArray();
                    m.put(metric, new MethodScore(Summary.of(values), bootstrap.score(metric, gold,
                            predictions.get(k).get(method), space.size())));
                }
                scores.put(method, m);
            }
            Map<FewshotMetric, SeedBootstrap.Interval> gains = new LinkedHashMap<>();
            for (FewshotMetric metric : FewshotMetric.values()) {
                gains.put(metric, bootstrap.gain(metric, gold, predictions.get(k).get(VERBALIZER),
                        predictions.get(k).get(BASELINE), space.size()));
            }
            perK.add(new PerK(k, scores, gains, Outcome.of(gains.values())));
        }
        return new FewshotResult(name, embedder.describe(), ks, seeds, train.size(), test.size(), labels, names,
                multiLabel, notes, perK, runs, shown, testEmbedSeconds, bootstrap.resamples(),
                bootstrap.confidence(), bootstrap.seed(), provenance, null);
    }

    private static Run run(int k, long seed, String method, int[][] gold, int[][] predicted, int labels,
                           ShotSampler.Support support, int items, double seconds) {
        Map<FewshotMetric, Double> scores = new LinkedHashMap<>();
        for (FewshotMetric metric : FewshotMetric.values()) {
            scores.put(metric, metric.score(gold, predicted, labels));
        }
        return new Run(k, seed, method, scores, support.documents().size(), items, seconds);
    }

    /**
     * One method's test scores for one (k, seed).
     *
     * @param supportDocuments how many training documents the support set holds
     * @param verbalizerItems  how many weighted items the verbalizer has over all labels (0 for the baseline)
     * @param seconds          building the prototypes and classifying the (already embedded) test set
     */
    public record Run(int k, long seed, String method, Map<FewshotMetric, Double> scores, int supportDocuments,
                      int verbalizerItems, double seconds) {
    }

    /** A method's score at one k: mean ± sd over seeds, and the two-level bootstrap interval. */
    public record MethodScore(Summary seeds, SeedBootstrap.Interval interval) {
    }

    /** Everything measured at one k. */
    public record PerK(int k, Map<String, Map<FewshotMetric, MethodScore>> scores,
                       Map<FewshotMetric, SeedBootstrap.Interval> gains, Outcome outcome) {
    }

    /** Whether the verbalizer beats the baseline at one k, from the gains' intervals. */
    public enum Outcome {
        BETTER("the verbalizer is better"),
        WORSE("the baseline is better"),
        MIXED("mixed (one metric better, another worse)"),
        LEVEL("no significant difference");

        /** The rule, as printed in reports. */
        public static final String RULE = "The verbalizer is better at a k when at least one metric's gain "
                + "(verbalizer - baseline) has its 95 % interval entirely above 0 and none entirely below 0; the "
                + "baseline is better when at least one lies entirely below 0 and none above; otherwise there is "
                + "no significant difference (or the metrics disagree).";

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        static Outcome of(java.util.Collection<SeedBootstrap.Interval> gains) {
            boolean above = gains.stream().anyMatch(SeedBootstrap.Interval::above);
            boolean below = gains.stream().anyMatch(SeedBootstrap.Interval::below);
            return above && below ? MIXED : above ? BETTER : below ? WORSE : LEVEL;
        }
    }
}
