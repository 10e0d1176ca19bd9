package io.mre4j.gen.seq;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.core.token.Token;
import io.mre4j.gen.Constraint;
import io.mre4j.model.Djl;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.net.BatchTensors;
import io.mre4j.model.net.CharacterFeatures;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.WordVectors;
import io.mre4j.model.train.EpochLoop;
import io.mre4j.model.train.TrainingListener;
import io.mre4j.model.train.TrainingSteps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a {@link GenModel}: freezes the schema, word vocabulary and output tokens from the training data, then runs
 * Adam with teacher forcing (targets padded within a batch, the loss masked), global-norm gradient clipping, a moving
 * average of the weights (used for dev scores and kept in the model), and early stopping on the dev set's TL accuracy and WL F1, decoded greedily under the full constraint. The seed drives
 * initialisation, shuffling, dropout and the dev split: two trainings with one seed in one JVM give the same model.
 */
public final class GenTrainer {
    private final GenConfig config;
    private final TrainingListener listener;

    public GenTrainer(GenConfig config, TrainingListener listener) {
        this.config = config.copy().validate();
        this.listener = listener;
    }

    /**
     * One training document: encoder word ids (and characters and static word vectors where the encoder reads them),
     * decoder inputs (teacher forcing) and gold outputs.
     */
    private record Example(int[] words, int[][] chars, float[][] vectors, int[] previous, int[] outputs,
                           int[] labels) {
    }

    /**
     * Trains on {@code train}, stopping early on {@code dev} (or on a held-out share of {@code train} when null).
     *
     * @param name       the schema's name
     * @param provenance what to record about the data; the trainer adds the rest
     */
    public GenModel train(String name, List<Document> train, List<Document> dev, Map<String, Object> provenance) {
        if (train.isEmpty()) {
            throw new DataException("the training data has no documents");
        }
        long started = System.nanoTime();
        Random random = new Random(config.seed);
        List<Document> trainPart = train;
        List<Document> devPart = dev;
        if (dev == null || dev.isEmpty()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(config.seed));
            int devSize = Math.max(1, Math.round(train.size() * config.devFraction));
            Set<Integer> held = new HashSet<>(order.subList(0, Math.min(devSize, train.size() - 1)));
            trainPart = new ArrayList<>();
            devPart = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                (held.contains(i) ? devPart : trainPart).add(train.get(i));
            }
        }
        Schema schema = Schema.infer(name, trainPart);
        if (!schema.relationLabels().isEmpty() || !schema.eventTypes().isEmpty()) {
            throw new DataException("the generator writes text labels and entities only; the training data has "
                    + "relations or events");
        }
        String defaultLang = schema.languages().isEmpty() ? "en" : schema.languages().get(0);
        SlgDialect dialect = SlgDialect.forLanguage(defaultLang);
        OutputSpace space = new OutputSpace(schema, dialect);
        Map<String, Integer> counts = new TreeMap<>();
        Set<String> chars = new TreeSet<>();
        List<List<Token>> trainTokens = new ArrayList<>();
        for (Document d : trainPart) {
            List<Token> tokens = GenModel.tokens(d.text(), language(d, defaultLang), config.maxTokens);
            trainTokens.add(tokens);
            for (Token t : tokens) {
                counts.merge(Vocabulary.normalise(t.surface(d.text()), true), 1, Integer::sum);
                if (config.charFilters > 0) {
                    t.surface(d.text()).codePoints().limit(config.maxTokenChars)
                            .forEach(c -> chars.add(new String(Character.toChars(c))));
                }
            }
        }
        Vocabulary vocabulary = new Vocabulary(new ArrayList<>(counts.keySet()), new ArrayList<>(chars), true);
        boolean[] singletons = new boolean[vocabulary.wordCount()];
        counts.forEach((word, count) -> singletons[vocabulary.wordId(word)] = count == 1);
        PretrainedEncoder vectorSource = WordVectors.resolve(config.wordVectors,
                trainPart.stream().map(d -> language(d, defaultLang)).toList());
        WordVectors wordVectors = vectorSource == null ? null : WordVectors.of(vectorSource);
        List<Example> examples = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < trainPart.size(); i++) {
            Document d = trainPart.get(i);
            List<Token> tokens = trainTokens.get(i);
            OutputSpace.Target target = space.target(d, tokens);
            dropped += target.dropped();
            int[] outputs = target.outputs();
            int[] previous = new int[outputs.length];
            previous[0] = space.startInput();
            for (int t = 1; t < outputs.length; t++) {
                previous[t] = space.inputOf(outputs[t - 1]);
            }
            examples.add(new Example(GenModel.wordIds(vocabulary, d.text(), tokens),
                    GenModel.charIds(vocabulary, config, d.text(), tokens),
                    wordVectors == null ? null : wordVectors.vectors(d.text(), tokens), previous, outputs,
                    d.labels().stream().mapToInt(schema.textLabels()::indexOf).filter(label -> label >= 0).toArray()));
        }

        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("engine", "gen");
        facts.put("trainDocuments", trainPart.size());
        facts.put("devDocuments", devPart.size());
        facts.put("devSplit", dev == null || dev.isEmpty() ? "held out " + devPart.size() + " training documents"
                : "given");
        facts.put("dialect", dialect.name());
        facts.put("fixedTokens", space.fixedCount());
        facts.put("words", vocabulary.wordCount());
        facts.put("wordVectors", WordVectors.name(vectorSource));
        facts.put("trainSpansNotAligned", dropped);
        facts.put("devLabelsUnseenInTrain", schema.unseenLabels(devPart));
        listener.started(facts);

        Engine engine = Djl.engine(config.threads);
        engine.setRandomSeed((int) config.seed);
        GenNetwork.Dimensions dims = new GenNetwork.Dimensions(vocabulary.wordCount(), config.wordDim, config.hidden,
                config.decoderHidden, config.tokenDim, space.fixedCount(), config.dropout,
                config.charFilters > 0 ? vocabulary.charCount() : 0, config.charFilters > 0 ? config.charDim : 0,
                config.charFilters, WordVectors.name(vectorSource),
                config.textClassifier > 0 && schema.hasTextLevel() ? schema.textLabels().size() : 0);
        Model model = Model.newInstance("mre4j-gen", engine.defaultDevice(), engine.getEngineName());
        GenNetwork network = new GenNetwork(dims);
        model.setBlock(network);
        Map<String, Object> record = new LinkedHashMap<>(provenance);
        GenModel genModel = new GenModel(schema, config, vocabulary, space, model, record, Constraint.FULL, 1);
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate)).build())
                .optDevices(new ai.djl.Device[] {engine.defaultDevice()});
        List<Document> devSet = devPart;
        EpochLoop.Outcome outcome;
        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            trainer.initialize(new Shape(1, 1), new Shape(1, 1));
            outcome = EpochLoop.run(network, model.getNDManager(), config.weightAverageDecay, config.maxEpochs,
                    config.patience, listener, () -> batches(examples, random),
                    batch -> step(trainer, batch, singletons, random, schema.multiLabel()),
                    () -> devScores(schema, genModel.extract(devSet), devSet));
        }
        TrainingSteps.restore(network, model.getNDManager(), outcome.best());
        record.put("seed", config.seed);
        record.put("trainDocuments", trainPart.size());
        record.put("devDocuments", devPart.size());
        record.put("devSplit", facts.get("devSplit"));
        record.put("trainSpansNotAligned", dropped);
        record.put("devLabelsUnseenInTrain", facts.get("devLabelsUnseenInTrain"));
        record.put("epochs", outcome.epochsRun());
        record.put("bestEpoch", outcome.bestEpoch());
        record.put("devMetrics", outcome.bestDev());
        record.put("trainingSeconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        return genModel;
    }

    private static String language(Document d, String defaultLang) {
        return d.lang() == null || d.lang().isEmpty() ? defaultLang : d.lang();
    }

    /** Batches of documents of one token length, in a seeded random order. */
    private List<List<Example>> batches(List<Example> examples, Random random) {
        Map<Integer, List<Example>> byLength = new TreeMap<>();
        for (Example e : examples) {
            byLength.computeIfAbsent(e.words().length, k -> new ArrayList<>()).add(e);
        }
        List<List<Example>> batches = new ArrayList<>();
        for (List<Example> group : byLength.values()) {
            List<Example> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (int i = 0; i < shuffled.size(); i += config.batchSize) {
                batches.add(shuffled.subList(i, Math.min(shuffled.size(), i + config.batchSize)));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private float step(Trainer trainer, List<Example> batch, boolean[] singletons, Random random,
                       boolean multiLabel) {
        int b = batch.size();
        int t = batch.get(0).words().length;
        int l = batch.stream().mapToInt(e -> e.outputs().length).max().orElse(1);
        int[] words = new int[b * t];
        int[] previous = new int[b * l];
        int[] gold = new int[b * l];
        float[] mask = new float[b * l];
        for (int i = 0; i < b; i++) {
            Example e = batch.get(i);
            for (int j = 0; j < t; j++) {
                int w = e.words()[j];
                boolean drop = w < singletons.length && singletons[w] && random.nextFloat() < config.singletonUnk;
                words[i * t + j] = drop ? Vocabulary.UNKNOWN : w;
            }
            for (int s = 0; s < e.outputs().length; s++) {
                previous[i * l + s] = e.previous()[s];
                gold[i * l + s] = e.outputs()[s];
                mask[i * l + s] = 1f;
            }
        }
        float value;
        try (NDManager manager = trainer.getManager().newSubManager();
             GradientCollector collector = trainer.newGradientCollector()) {
            NDList inputs = new NDList(manager.create(words, new Shape(b, t)),
                    manager.create(previous, new Shape(b, l)));
            if (config.charFilters > 0) {
                inputs.addAll(CharacterFeatures.inputs(manager, batch.stream().map(Example::chars).toList(), t));
            }
            if (batch.get(0).vectors() != null) {
                inputs.add(BatchTensors.wordVectors(manager, batch.stream().map(Example::vectors).toList(), t));
            }
            NDList outputs = trainer.forward(inputs);
            NDArray logits = outputs.get(0);
            NDArray target = manager.create(gold, new Shape(b, l)).oneHot((int) logits.getShape().get(2))
                    .toType(DataType.FLOAT32, false);
            NDArray weights = manager.create(mask, new Shape(b, l));
            NDArray loss = logits.logSoftmax(-1).mul(target).sum(new int[] {2}).mul(weights).sum().neg()
                    .div(weights.sum());
            if (outputs.size() > 1) {
                loss = loss.add(Djl.mul(textLoss(manager, outputs.get(1), batch, multiLabel), config.textClassifier));
            }
            value = loss.getFloat();
            collector.backward(loss);
        }
        TrainingSteps.clipGlobalNorm(trainer, config.clipNorm);
        trainer.step();
        return value;
    }

    /**
     * The text classifier's loss: cross-entropy over the labels for single-label data (a document without a label
     * counts for nothing), the mean of one logistic loss per label for multi-label data.
     */
    private static NDArray textLoss(NDManager manager, NDArray logits, List<Example> batch, boolean multiLabel) {
        int b = batch.size();
        int labels = (int) logits.getShape().get(1);
        float[] gold = new float[b * labels];
        for (int i = 0; i < b; i++) {
            for (int label : batch.get(i).labels()) {
                gold[i * labels + label] = 1f;
            }
        }
        NDArray targets = manager.create(gold, new Shape(b, labels));
        if (multiLabel) {
            return Djl.logisticLoss(logits, targets).mean();
        }
        return Djl.crossEntropy(logits, targets);
    }

    /** Dev scores: TL accuracy, WL F1 and ALL (where the schema has them), and their early-stopping score. */
    static Map<String, Double> devScores(Schema schema, List<Document> predicted, List<Document> gold) {
        EvaluationResult result = Evaluation.evaluate(gold, predicted);
        Map<String, Double> scores = new LinkedHashMap<>();
        boolean text = schema.hasTextLevel();
        boolean word = schema.hasWordLevel();
        if (text) {
            scores.put("tl.accuracy", result.tlAccuracy());
        }
        if (word) {
            scores.put("wl.f1", result.wlF1());
        }
        if (text && word) {
            scores.put("all.exactMatch", result.allExactMatch());
        }
        scores.put("score", ((text ? result.tlAccuracy() : 0) + (word ? result.wlF1() : 0))
                / Math.max(1, (text ? 1 : 0) + (word ? 1 : 0)));
        return scores;
    }
}
