package io.mre4j.model.study;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mre4j.model.Djl;
import io.mre4j.model.JointModel;
import io.mre4j.model.Mode;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.train.JointTrainer;
import io.mre4j.model.train.TrainingListener;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MRE study (DESIGN §5): for each of several seeds, trains a joint, a text-only and a word-only model on the same
 * training and dev data, scores them on a test set, and tests whether joint beats isolated (the text-only model on
 * TL, the word-only model on WL, their pipeline on ALL) with a paired bootstrap (Koehn 2004) over the test documents.
 */
public final class MreStudy {
    /** Hears how a study goes; every method has a do-nothing default. */
    public interface Listener {
        /** The listener for the training of one model, {@code index} of {@code total} (counting from 1). */
        default TrainingListener training(int index, int total, long seed, Mode mode) {
            return TrainingListener.SILENT;
        }

        /** After a model is trained and scored on the test set. */
        default void trained(int index, int total, ModelRun run) {
        }
    }

    private final TrainingConfig config;
    private final int seeds;
    private final Listener listener;
    private int resamples = PairedBootstrap.RESAMPLES;
    private double confidence = PairedBootstrap.CONFIDENCE;

    /**
     * @param config the training config of every model; its mode is ignored and its seed is the first seed
     * @param seeds  how many seeds: {@code config.seed}, {@code config.seed + 1}, ...
     */
    public MreStudy(TrainingConfig config, int seeds, Listener listener) {
        if (seeds < 1) {
            throw new IllegalArgumentException("a study needs at least one seed, not " + seeds);
        }
        this.config = config.copy().validate();
        this.seeds = seeds;
        this.listener = listener == null ? new Listener() {
        } : listener;
    }

    /** Sets the number of bootstrap resamples (default 1000) and the confidence level (default 0.95). */
    public MreStudy bootstrap(int resampleCount, double confidenceLevel) {
        new PairedBootstrap(resampleCount, confidenceLevel, 0);
        this.resamples = resampleCount;
        this.confidence = confidenceLevel;
        return this;
    }

    /**
     * Runs the study.
     *
     * @param name       the task's name, such as {@code atis}
     * @param dev        the dev set for early stopping, or null to let each model hold out part of {@code train}
     * @param provenance what to record about the data (paths, file hashes)
     */
    public StudyResult run(String name, List<Document> train, List<Document> dev, List<Document> test,
                           Map<String, Object> provenance) {
        if (train.isEmpty()) {
            throw new DataException("the training data has no documents");
        }
        if (test.isEmpty()) {
            throw new DataException("the test data has no documents");
        }
        Set<String> ids = new HashSet<>();
        for (Document d : test) {
            if (!ids.add(d.id())) {
                throw new DataException("the test data has the document id '" + d.id() + "' twice; the study "
                        + "pairs predictions with gold documents by id");
            }
        }
        List<String> notes = new ArrayList<>();
        boolean tl = hasLabels(train) && hasLabels(test);
        boolean wl = hasSpans(train) && hasSpans(test);
        if (!tl && !wl) {
            throw new DataException("the data has neither text labels nor spans in both training and test data; "
                    + "an MRE study needs at least one of them");
        }
        if (!tl) {
            notes.add("TL skipped: the " + (hasLabels(train) ? "test" : "training") + " data has no text labels, "
                    + "so no text-only model was trained.");
        }
        if (!wl) {
            notes.add("WL skipped: the " + (hasSpans(train) ? "test" : "training") + " data has no spans, so no "
                    + "word-only model was trained.");
        }
        if (!tl || !wl) {
            notes.add("ALL skipped: it needs both text labels and spans.");
        }
        List<StudyMetric> metrics = new ArrayList<>();
        if (tl) {
            metrics.add(StudyMetric.TL);
        }
        if (wl) {
            metrics.add(StudyMetric.WL);
        }
        if (tl && wl) {
            metrics.add(StudyMetric.ALL);
        }
        List<Mode> modes = new ArrayList<>(List.of(Mode.JOINT));
        if (tl) {
            modes.add(Mode.TEXT);
        }
        if (wl) {
            modes.add(Mode.WORD);
        }

        List<Document> inputs = test.stream().map(d -> Document.unlabelled(d.id(), d.lang(), d.text())).toList();
        List<Long> seedValues = new ArrayList<>();
        List<ModelRun> runs = new ArrayList<>();
        Map<StudyMetric, List<long[][]>> jointCounts = new EnumMap<>(StudyMetric.class);
        Map<StudyMetric, List<long[][]>> isolatedCounts = new EnumMap<>(StudyMetric.class);
        for (StudyMetric metric : metrics) {
            jointCounts.put(metric, new ArrayList<>());
            isolatedCounts.put(metric, new ArrayList<>());
        }
        warmUp(config.threads);
        int total = seeds * modes.size();
        int index = 0;
        for (int s = 1; s <= seeds; s++) {
            long seed = config.seed + s - 1;
            seedValues.add(seed);
            Map<Mode, List<Document>> predictions = new EnumMap<>(Mode.class);
            Map<Mode, Double> seconds = new EnumMap<>(Mode.class);
            for (Mode mode : modes) {
                index++;
                TrainingConfig modeConfig = config.copy();
                modeConfig.mode = mode.name().toLowerCase(Locale.ROOT);
                modeConfig.seed = seed;
                Map<String, Object> record = new LinkedHashMap<>(provenance);
                List<Document> predicted;
                Map<String, Object> trained;
                try (JointModel model = new JointTrainer(modeConfig, listener.training(index, total, seed, mode))
                        .train(name, train, dev, record)) {
                    predicted = model.extract(inputs);
                    trained = model.provenance();
                }
                predictions.put(mode, predicted);
                double time = ((Number) trained.getOrDefault("trainingSeconds", 0.0)).doubleValue();
                seconds.put(mode, time);
                ModelRun run = new ModelRun(modeConfig.mode, seed, scores(test, predicted, mode, tl, wl), time,
                        trained.get("bestEpoch") instanceof Number n ? n.intValue() : null);
                runs.add(run);
                listener.trained(index, total, run);
            }
            List<Document> isolated = pipeline(inputs, predictions.get(Mode.TEXT), predictions.get(Mode.WORD));
            runs.add(new ModelRun("isolated", seed, isolatedScores(test, isolated, tl, wl),
                    round(seconds.getOrDefault(Mode.TEXT, 0.0) + seconds.getOrDefault(Mode.WORD, 0.0)), null));
            for (StudyMetric metric : metrics) {
                jointCounts.get(metric).add(metric.counts(test, predictions.get(Mode.JOINT)));
                isolatedCounts.get(metric).add(metric.counts(test, isolated));
            }
        }

        PairedBootstrap bootstrap = new PairedBootstrap(resamples, confidence, config.seed);
        Map<StudyMetric, Gain> gains = new EnumMap<>(StudyMetric.class);
        for (StudyMetric metric : metrics) {
            gains.put(metric, bootstrap.gain(metric, jointCounts.get(metric), isolatedCounts.get(metric)));
        }
        Map<String, Object> record = new LinkedHashMap<>(provenance);
        return new StudyResult(name, config, seedValues, train.size(), dev == null || dev.isEmpty() ? null
                : dev.size(), test.size(), metrics, notes, runs, summarise(runs, metrics, modes), gains,
                Verdict.of(gains.values()), Verdict.sentence(gains.values()), resamples, confidence, config.seed,
                record, null);
    }

    /** The isolated pipeline: per document, the text-only model's labels with the word-only model's spans. */
    static List<Document> pipeline(List<Document> inputs, List<Document> text, List<Document> word) {
        List<Document> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Document d = inputs.get(i);
            out.add(d.withLabels(text == null ? List.of() : text.get(i).labels())
                    .withSpans(word == null ? List.of() : word.get(i).spans()));
        }
        return out;
    }

    private static Map<String, Double> scores(List<Document> gold, List<Document> predicted, Mode mode, boolean tl,
                                              boolean wl) {
        EvaluationResult result = Evaluation.evaluate(gold, predicted);
        Map<String, Double> scores = new LinkedHashMap<>();
        if (tl && mode.textHead()) {
            scores.put(StudyMetric.TL.key(), result.tlAccuracy());
        }
        if (wl && mode.wordHead()) {
            scores.put(StudyMetric.WL.key(), result.wlF1());
        }
        if (tl && wl && mode == Mode.JOINT) {
            scores.put(StudyMetric.ALL.key(), result.allExactMatch());
        }
        return scores;
    }

    private static Map<String, Double> isolatedScores(List<Document> gold, List<Document> predicted, boolean tl,
                                                      boolean wl) {
        EvaluationResult result = Evaluation.evaluate(gold, predicted);
        Map<String, Double> scores = new LinkedHashMap<>();
        if (tl) {
            scores.put(StudyMetric.TL.key(), result.tlAccuracy());
        }
        if (wl) {
            scores.put(StudyMetric.WL.key(), result.wlF1());
        }
        if (tl && wl) {
            scores.put(StudyMetric.ALL.key(), result.allExactMatch());
        }
        return scores;
    }

    private static Map<String, Map<String, Summary>> summarise(List<ModelRun> runs, List<StudyMetric> metrics,
                                                               List<Mode> modes) {
        List<String> systems = new ArrayList<>();
        modes.forEach(m -> systems.add(m.name().toLowerCase(Locale.ROOT)));
        systems.add("isolated");
        Map<String, Map<String, Summary>> out = new LinkedHashMap<>();
        for (String system : StudyResult.SYSTEMS) {
            if (!systems.contains(system)) {
                continue;
            }
            List<ModelRun> mine = runs.stream().filter(r -> r.mode().equals(system)).toList();
            Map<String, Summary> values = new LinkedHashMap<>();
            for (StudyMetric metric : metrics) {
                if (mine.stream().allMatch(r -> r.scores().containsKey(metric.key()))) {
                    values.put(metric.key(), Summary.of(mine.stream().map(r -> r.scores().get(metric.key()))
                            .toList()));
                }
            }
            values.put("trainingSeconds", Summary.of(mine.stream().map(ModelRun::trainingSeconds).toList()));
            out.put(system, values);
        }
        return out;
    }

    /** Loads the engine before the first model, so that its start-up is not counted as that model's training time. */
    private static void warmUp(int threads) {
        try (NDManager manager = Djl.engine(threads).newBaseManager()) {
            manager.ones(new Shape(2, 2)).matMul(manager.ones(new Shape(2, 2))).sum().getFloat();
        }
    }

    private static boolean hasLabels(List<Document> documents) {
        return documents.stream().anyMatch(d -> !d.labels().isEmpty());
    }

    private static boolean hasSpans(List<Document> documents) {
        return documents.stream().anyMatch(d -> !d.spans().isEmpty());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
