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
import io.mre4j.model.net.CrfDecoder;
import io.mre4j.model.net.JointNetwork;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.SubwordTokenizer;
import io.mre4j.model.pretrained.WordVectors;

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
    private static final int PREDICT_BATCH = 64;

    private final Schema schema;
    private final TrainingConfig config;
    private final Vocabulary vocabulary;
    private final LabelSpace labels;
    private final Model model;
    private final JointNetwork network;
    private final Map<String, Object> provenance;
    private final int[][] sources;
    private volatile CachedDecoder lastDecoder;
    private SubwordTokenizer subwordTokenizer;

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
        PretrainedEncoder vectors = network.dimensions().vectors();
        return new Featurizer(vocabulary, labels, defaultLanguage(), config.maxTokens, config.maxTokenChars,
                subwordTokenizer(), config.maxSubwords, vectors == null ? null : WordVectors.of(vectors));
    }

    /** The pretrained encoder's subword tokenizer, opened on first use; null with the from-scratch encoder. */
    private SubwordTokenizer subwordTokenizer() {
        PretrainedEncoder pretrained = network.dimensions().pretrained();
        if (pretrained == null) {
            return null;
        }
        synchronized (this) {
            if (subwordTokenizer == null) {
                subwordTokenizer = SubwordTokenizer.open(pretrained);
            }
            return subwordTokenizer;
        }
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

    /**
     * Predicts already featurised examples, keeping their order. The batches of a call run in parallel on a shared
     * pool, one core each (the network's operations are too small for PyTorch to split well), and the caller waits
     * without spinning; a call of one batch runs on the caller's own thread. So every core is busy whether one call
     * holds many batches (a file) or many calls hold one each (a server's workers), and calls never steal each
     * other's work.
     */
    List<Document> predict(List<Example> examples) {
        Map<Example, Integer> order = new IdentityHashMap<>();
        for (Example e : examples) {
            order.putIfAbsent(e, order.size());
        }
        Document[] out = new Document[order.size()];
        List<List<Example>> batches = Batches.padded(examples, PREDICT_BATCH);
        if (batches.size() == 1 || PredictionPool.isPoolThread()) {
            batches.forEach(batch -> predictBatch(batch, order, out));
        } else {
            PredictionPool.runAll(batches.stream().<Runnable>map(batch -> () -> predictBatch(batch, order, out))
                    .toList());
        }
        List<Document> documents = new ArrayList<>(examples.size());
        for (Example e : examples) {
            documents.add(out[order.get(e)]);
        }
        return documents;
    }

    private void predictBatch(List<Example> batch, Map<Example, Integer> order, Document[] out) {
        Djl.withoutGradients(() -> {
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList outputs = network.forward(store, BatchTensors.inputs(manager, batch, null, 0, null,
                        network.dimensions().textNgramBuckets()), false);
                CrfDecoder decoder = outputs.get("emissions") == null ? null : decoder(
                        outputs.get("transitions").toFloatArray(), outputs.get("start").toFloatArray(),
                        outputs.get("end").toFloatArray());
                BatchOutputs o = outputs(batch, outputs);
                for (int i = 0; i < batch.size(); i++) {
                    out[order.get(batch.get(i))] = decodeOne(batch.get(i), i, o, decoder);
                }
            }
        });
    }

    /**
     * A decoder for the CRF's current scores, constrained to BIO. The scores are parameters: one decoder serves every
     * batch of a call, and the next calls too until training changes them.
     */
    private CrfDecoder decoder(float[] transitions, float[] start, float[] end) {
        CachedDecoder cached = lastDecoder;
        if (cached != null && Arrays.equals(cached.transitions(), transitions) && Arrays.equals(cached.start(), start)
                && Arrays.equals(cached.end(), end)) {
            return cached.decoder();
        }
        int k = labels.tagCount();
        CrfDecoder decoder = new CrfDecoder(labels.constrainTransitions(rows(transitions, k, k)),
                labels.constrainStart(start), end, sources);
        lastDecoder = new CachedDecoder(transitions, start, end, decoder);
        return decoder;
    }

    private record CachedDecoder(float[] transitions, float[] start, float[] end, CrfDecoder decoder) {
    }

    /** A batch's network outputs as Java arrays, ready to decode; {@code t} is the batch's longest text. */
    private record BatchOutputs(int t, int k, float[][] textProbabilities, float[] emissions) {
    }

    private BatchOutputs outputs(List<Example> batch, NDList outputs) {
        float[][] textProbabilities = null;
        NDArray text = outputs.get("text");
        if (text != null) {
            NDArray probabilities = labels.textHead() == TextHead.SIGMOID
                    ? ai.djl.nn.Activation.sigmoid(text) : text.softmax(-1);
            textProbabilities = rows(probabilities.toFloatArray(), batch.size(), labels.classCount());
        }
        NDArray emissions = outputs.get("emissions");
        return new BatchOutputs(emissions == null ? 0 : (int) emissions.getShape().get(1), labels.tagCount(),
                textProbabilities, emissions == null ? null : emissions.toFloatArray());
    }

    /** One document's labels, spans and scores from its rows of the batch outputs. */
    private Document decodeOne(Example e, int i, BatchOutputs o, CrfDecoder decoder) {
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
            float[][] scores = new float[e.length()][];
            for (int j = 0; j < e.length(); j++) {
                scores[j] = Arrays.copyOfRange(o.emissions(), (i * t + j) * k, (i * t + j + 1) * k);
            }
            int[] path = decoder.viterbi(scores);
            List<Tag> tags = new ArrayList<>(path.length);
            for (int tag : path) {
                String label = labels.spanLabelOf(tag);
                tags.add(label == null ? Tag.OUTSIDE : new Tag(labels.isInside(tag) ? 'I' : 'B', label));
            }
            spans = SpanTagger.decode(e.tokens(), tags);
            // Forward-backward only where there is a span to score: it costs as much as the rest of decoding.
            spanScores = spans.isEmpty() ? List.of() : spanScores(spans, e, path, decoder.marginals(scores));
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
        synchronized (this) {
            if (subwordTokenizer != null) {
                subwordTokenizer.close();
            }
        }
    }
}
