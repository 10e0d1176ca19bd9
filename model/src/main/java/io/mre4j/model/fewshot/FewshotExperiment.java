package io.mre4j.model.fewshot;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.JointModel;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.study.Summary;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

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
    public static final String TEMPLATES = "templates";
    public static final String JOINT = "joint";
    /** The prototype methods, the baseline first; {@link #JOINT} follows when a joint config is given. */
    public static final List<String> METHODS = List.of(BASELINE, VERBALIZER, TEMPLATES);
    /** How many items per label the report shows from one verbalizer. */
    static final int ITEMS_SHOWN = 6;

    private final List<Integer> ks;
    private final List<Long> seeds;
    private final SeedBootstrap bootstrap;
    private final double verbalizerWeight;
    private final TrainingConfig joint;
    private final Listener listener;

    /** Progress, one call per (k, seed) after every method ran, with their runs in {@link #methods()} order. */
    public interface Listener {
        void ran(int index, int total, List<Run> runs);
    }

    /** An experiment with the default verbalizer weight ({@link PrototypeClassifier#VERBALIZER_WEIGHT}). */
    public FewshotExperiment(List<Integer> ks, List<Long> seeds, SeedBootstrap bootstrap, Listener listener) {
        this(ks, seeds, bootstrap, PrototypeClassifier.VERBALIZER_WEIGHT, listener);
    }

    public FewshotExperiment(List<Integer> ks, List<Long> seeds, SeedBootstrap bootstrap, double verbalizerWeight,
                             Listener listener) {
        this(ks, seeds, bootstrap, verbalizerWeight, null, listener);
    }

    /**
     * @param joint when not null, also train a joint model ({@link JointTrainer}) on each support set with this config
     *              (its seed and mode replaced by the run's seed and {@code joint}); the support set is its dev set
     *              too, since the k examples are all the labelled data a few-shot run has
     */
    public FewshotExperiment(List<Integer> ks, List<Long> seeds, SeedBootstrap bootstrap, double verbalizerWeight,
                             TrainingConfig joint, Listener listener) {
        if (!(verbalizerWeight >= 0) || Double.isInfinite(verbalizerWeight)) {
            throw new IllegalArgumentException("the verbalizer weight must be a number >= 0, not " + verbalizerWeight);
        }
        if (ks.isEmpty() || ks.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("every k must be at least 1: " + ks);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("need at least one seed");
        }
        this.ks = List.copyOf(new TreeSet<>(ks));
        this.seeds = List.copyOf(seeds);
        this.bootstrap = bootstrap;
        this.verbalizerWeight = verbalizerWeight;
        this.joint = joint == null ? null : joint.copy();
        this.listener = listener == null ? (i, n, r) -> { } : listener;
    }

    /** The methods this experiment compares, the baseline first. */
    public List<String> methods() {
        List<String> out = new ArrayList<>(METHODS);
        if (joint != null) {
            out.add(JOINT);
        }
        return List.copyOf(out);
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
            methods().forEach(m -> byMethod.put(m, new ArrayList<>()));
            Map<String, Integer> shortest = new TreeMap<>();
            for (long seed : seeds) {
                ShotSampler.Support support = sampler.sample(k, seed);
                support.shortLabels().forEach((l, n) -> shortest.merge(l, n, Math::min));
                Verbalizer verbalizer = Verbalizer.mine(support.documents(), labels);
                if (k == ks.get(ks.size() - 1) && seed == seeds.get(0)) {
                    verbalizer.all().forEach((l, items) ->
                            shown.put(l, items.subList(0, Math.min(ITEMS_SHOWN, items.size()))));
                }
                int items = verbalizer.all().values().stream().mapToInt(List::size).sum();
                List<Run> seedRuns = new ArrayList<>();
                for (String method : methods()) {
                    long t0 = System.nanoTime();
                    int[][] predicted;
                    if (method.equals(JOINT)) {
                        predicted = trainJoint(name, support, seed, test, index);
                    } else {
                        PrototypeClassifier.Parts parts = switch (method) {
                            case VERBALIZER -> PrototypeClassifier.Parts.ofVerbalizer(verbalizer, verbalizerWeight);
                            case TEMPLATES -> PrototypeClassifier.Parts.typeTemplates();
                            default -> PrototypeClassifier.Parts.NONE;
                        };
                        predicted = PrototypeClassifier.build(labels, names, support.documents(), parts, embedder)
                                .predict(testVectors);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    byMethod.get(method).add(predicted);
                    seedRuns.add(run(k, seed, method, gold, predicted, space.size(), support,
                            method.equals(VERBALIZER) ? items : 0, seconds));
                }
                runs.addAll(seedRuns);
                listener.ran(++done, total, seedRuns);
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
            for (String method : methods()) {
                Map<FewshotMetric, MethodScore> m = new LinkedHashMap<>();
                for (FewshotMetric metric : FewshotMetric.values()) {
                    double[] values = runs.stream().filter(r -> r.k() == k && r.method().equals(method))
                            .mapToDouble(r -> r.scores().get(metric)).toArray();
                    m.put(metric, new MethodScore(Summary.of(values), bootstrap.score(metric, gold,
                            predictions.get(k).get(method), space.size())));
                }
                scores.put(method, m);
            }
            Map<String, Map<FewshotMetric, SeedBootstrap.Interval>> gains = new LinkedHashMap<>();
            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            for (String method : methods().subList(1, methods().size())) {
                Map<FewshotMetric, SeedBootstrap.Interval> g = new LinkedHashMap<>();
                for (FewshotMetric metric : FewshotMetric.values()) {
                    g.put(metric, bootstrap.gain(metric, gold, predictions.get(k).get(method),
                            predictions.get(k).get(BASELINE), space.size()));
                }
                gains.put(method, g);
                outcomes.put(method, Outcome.of(g.values()));
            }
            perK.add(new PerK(k, scores, gains, outcomes));
        }
        return new FewshotResult(name, embedder.describe(), methods(), verbalizerWeight, ks, seeds, train.size(),
                test.size(),
                labels, names, multiLabel, notes, perK, runs, shown, testEmbedSeconds, bootstrap.resamples(),
                bootstrap.confidence(), bootstrap.seed(), provenance, null);
    }

    /** Trains a joint model on the support set and returns its predicted label indices for the test texts. */
    private int[][] trainJoint(String name, ShotSampler.Support support, long seed, List<Document> test,
                               Map<String, Integer> index) {
        TrainingConfig config = joint.copy();
        config.mode = "joint";
        config.seed = seed;
        List<Document> inputs = test.stream().map(d -> Document.unlabelled(d.id(), d.lang(), d.text())).toList();
        List<Document> predicted;
        try (JointModel model = new JointTrainer(config, TrainingListener.SILENT)
                .train(name + " k=" + support.k(), support.documents(), support.documents(), new LinkedHashMap<>())) {
            predicted = model.extract(inputs);
        }
        int[][] out = new int[predicted.size()][];
        for (int i = 0; i < out.length; i++) {
            // The model's labels are the support set's, all of them training labels with an index.
            out[i] = predicted.get(i).labels().stream().distinct().mapToInt(index::get).toArray();
        }
        return out;
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

    /**
     * Everything measured at one k.
     *
     * @param scores   per method ({@link #methods()}), per metric
     * @param gains    per method other than the baseline, per metric: method − baseline
     * @param outcomes per method other than the baseline, whether it beats the baseline
     */
    public record PerK(int k, Map<String, Map<FewshotMetric, MethodScore>> scores,
                       Map<String, Map<FewshotMetric, SeedBootstrap.Interval>> gains, Map<String, Outcome> outcomes) {
    }

    /** Whether the verbalizer beats the baseline at one k, from the gains' intervals. */
    public enum Outcome {
        BETTER("better than the baseline"),
        WORSE("worse than the baseline"),
        MIXED("mixed (one metric better, another worse)"),
        LEVEL("no significant difference");

        /** The rule, as printed in reports. */
        public static final String RULE = "A word-level method is better than the baseline at a k when at least "
                + "one metric's gain (method - baseline) has its interval entirely above 0 and none entirely below "
                + "0; worse when at least one lies entirely below 0 and none above; otherwise there is no "
                + "significant difference (or the metrics disagree).";

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
