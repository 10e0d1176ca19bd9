package io.mre4j.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Scores;
import io.mre4j.core.doc.Span;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.tag.SpanTagger;
import io.mre4j.core.tag.Tag;
import io.mre4j.model.features.Batches;
import io.mre4j.model.features.Example;
import io.mre4j.model.features.Featurizer;
import io.mre4j.model.features.LabelSpace;
import io.mre4j.model.features.TextHead;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.net.BatchTensors;
import io.mre4j.model.net.Crf;
import io.mre4j.model.net.JointNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained joint model, ready to predict: the network, its frozen vocabulary and label space, the schema it stays
 * inside and the config that made it. Predictions carry scores: a probability per text label, and per span the
 * CRF's marginal probability of its tags (the least over its tokens).
 */
public final class JointModel implements ExtractionEngine {
    private static final int PREDICT_BATCH = 256;

    private final Schema schema;
    private final TrainingConfig config;
    private final Vocabulary vocabulary;
    private final LabelSpace labels;
    private final Model model;
    private final JointNetwork network;
    private final Map<String, Object> provenance;
    private final int[][] sources;
    private final int[][] targets;

    public JointModel(Schema schema, TrainingConfig config, Vocabulary vocabulary, LabelSpace labels, Model model,
                      Map<String, Object> provenance) {
        this.schema = schema;
        this.config = config;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.model = model;
        this.network = (JointNetwork) model.getBlock();
        this.provenance = new LinkedHashMap<>(provenance);
        this.sources = labels.allowedSources();
        this.targets = Crf.targets(sources);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    public TrainingConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelSpace labels() {
        return labels;
    }

    public Model djlModel() {
        return model;
    }

    public Mode mode() {
        return network.dimensions().mode();
    }

    /** Where the model came from: data hashes, seed, dev metrics, versions. */
    public Map<String, Object> provenance() {
        return java.util.Collections.unmodifiableMap(provenance);
    }

    void putProvenance(String key, Object value) {
        provenance.put(key, value);
    }

    /** The language assumed for documents that do not say. */
    public String defaultLanguage() {
        return schema.languages().isEmpty() ? "en" : schema.languages().get(0);
    }

    public Featurizer featurizer() {
        return new Featurizer(vocabulary, labels, defaultLanguage(), config.maxTokens, config.maxTokenChars);
    }

    @Override
    public List<Document> extract(List<Document> inputs) {
        Featurizer featurizer = featurizer();
        List<Example> examples = new ArrayList<>(inputs.size());
        for (Document d : inputs) {
            examples.add(featurizer.features(d));
        }
        return predict(examples);
    }

    /** Predicts already featurised examples, keeping their order. */
    List<Document> predict(List<Example> examples) {
        Map<Example, Document> predicted = new IdentityHashMap<>();
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (List<Example> batch : Batches.of(examples, PREDICT_BATCH, null)) {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList outputs = network.forward(store, BatchTensors.inputs(manager, batch, null, 0, null), false);
                decode(batch, outputs, predicted);
            }
        }
        List<Document> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            out.add(predicted.get(e));
        }
        return out;
    }

    /** A batch's network outputs as Java arrays, with the CRF's scores constrained to BIO, ready to decode. */
    private record BatchOutputs(int t, int k, float[][] textProbabilities, float[] emissions, float[][] into,
                                double[][] expTransitions, double[][] expInto, float[] start, float[] end) {
    }

    private BatchOutputs outputs(List<Example> batch, NDList outputs) {
        float[][] textProbabilities = null;
        NDArray text = outputs.get("text");
        if (text != null) {
            NDArray probabilities = labels.textHead() == TextHead.SIGMOID
                    ? ai.djl.nn.Activation.sigmoid(text) : text.softmax(-1);
            textProbabilities = rows(probabilities.toFloatArray(), batch.size(), labels.classCount());
        }
        int k = labels.tagCount();
        int t = batch.get(0).length();
        if (outputs.get("emissions") == null) {
            return new BatchOutputs(t, k, textProbabilities, null, null, null, null, null, null);
        }
        float[][] transitions = labels.constrainTransitions(rows(outputs.get("transitions").toFloatArray(), k, k));
        double[][] expTransitions = new double[k][k];
        double[][] expInto = new double[k][k];
        for (int from = 0; from < k; from++) {
            for (int to = 0; to < k; to++) {
                expTransitions[from][to] = Math.exp(transitions[from][to]);
                expInto[to][from] = expTransitions[from][to];
            }
        }
        return new BatchOutputs(t, k, textProbabilities, outputs.get("emissions").toFloatArray(),
                Crf.transpose(transitions), expTransitions, expInto,
                labels.constrainStart(outputs.get("start").toFloatArray()),
                outputs.get("end").toFloatArray());
    }

    /** Decodes the documents of a batch, in parallel: Viterbi and forward-backward are the costly part. */
    private void decode(List<Example> batch, NDList outputs, Map<Example, Document> predicted) {
        BatchOutputs o = outputs(batch, outputs);
        Document[] decoded = new Document[batch.size()];
        java.util.stream.IntStream.range(0, batch.size()).parallel()
                .forEach(i -> decoded[i] = decodeOne(batch.get(i), i, o));
        for (int i = 0; i < batch.size(); i++) {
            predicted.put(batch.get(i), decoded[i]);
        }
    }

    /** One document's labels, spans and scores from its rows of the batch outputs. */
    private Document decodeOne(Example e, int i, BatchOutputs o) {
        Document d = e.document();
        List<String> textLabels = List.of();
        Map<String, Double> labelScores = Map.of();
        if (o.textProbabilities() != null) {
            labelScores = labelScores(o.textProbabilities()[i]);
            textLabels = chooseLabels(o.textProbabilities()[i]);
        }
        List<Span> spans = List.of();
        List<Double> spanScores = List.of();
        if (o.emissions() != null && !e.tokens().isEmpty()) {
            int t = o.t();
            int k = o.k();
            float[][] scores = new float[t][];
            for (int j = 0; j < t; j++) {
                scores[j] = Arrays.copyOfRange(o.emissions(), (i * t + j) * k, (i * t + j + 1) * k);
            }
            int[] path = Crf.viterbi(scores, o.into(), o.start(), o.end(), sources);
            double[][] marginals = Crf.marginals(scores, o.expTransitions(), o.expInto(), o.start(), o.end(),
                    sources, targets);
            List<Tag> tags = new ArrayList<>(t);
            for (int tag : path) {
                String label = labels.spanLabelOf(tag);
                tags.add(label == null ? Tag.OUTSIDE : new Tag(labels.isInside(tag) ? 'I' : 'B', label));
            }
            spans = SpanTagger.decode(e.tokens(), tags);
            spanScores = spanScores(spans, e, path, marginals);
        }
        return new Document(d.id(), d.lang().isEmpty() ? defaultLanguage() : d.lang(), d.text(), textLabels, spans,
                List.of(), List.of(), d.meta(), new Scores(labelScores, spanScores));
    }

    private static List<Double> spanScores(List<Span> spans, Example e, int[] path, double[][] marginals) {
        List<Double> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            double least = 1.0;
            for (int j = 0; j < e.tokens().size(); j++) {
                if (e.tokens().get(j).start() >= s.start() && e.tokens().get(j).end() <= s.end()) {
                    least = Math.min(least, marginals[j][path[j]]);
                }
            }
            out.add(round(least));
        }
        return out;
    }

    /** Probability of each text label, most likely first. A powerset class adds its probability to each member. */
    private Map<String, Double> labelScores(float[] probabilities) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int c = 0; c < probabilities.length; c++) {
            for (String label : labels.textClasses().get(c)) {
                byLabel.merge(label, (double) probabilities[c], Double::sum);
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        byLabel.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(entry -> sorted.put(entry.getKey(), round(Math.min(1.0, entry.getValue()))));
        return sorted;
    }

    private List<String> chooseLabels(float[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        if (labels.textHead() != TextHead.SIGMOID) {
            return labels.textClasses().get(best);
        }
        List<String> chosen = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] > 0.5f) {
                chosen.add(labels.textClasses().get(c).get(0));
            }
        }
        return chosen.isEmpty() ? labels.textClasses().get(best) : chosen;
    }

    private static float[][] rows(float[] flat, int rows, int columns) {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * columns, (i + 1) * columns);
        }
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }

    @Override
    public void close() {
        model.close();
    }
}
