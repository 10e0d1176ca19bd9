package io.mre4j.gen.seq;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;
import io.mre4j.gen.ConstrainedDecoder;
import io.mre4j.gen.Constraint;
import io.mre4j.gen.NextTokenScorer;
import io.mre4j.gen.OutputGrammar;
import io.mre4j.model.Djl;
import io.mre4j.model.features.Vocabulary;
import io.mre4j.model.net.BatchTensors;
import io.mre4j.model.net.CharacterFeatures;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.WordVectors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained generator ({@link GenTrainer}) as an extraction engine: each text is encoded once, then decoded token by
 * token by the {@link ConstrainedDecoder} under a {@link Constraint}, and the decoded string is read back with
 * {@link SlgCodec#decode}. Under {@link Constraint#FULL} every output is well-formed and grounded; under the weaker
 * constraints a string that does not parse, or names a label or type outside the schema, gives a document with no
 * labels and no spans, and counts as format-invalid ({@link Decoded#valid}).
 */
public final class GenModel implements ExtractionEngine {
    /** The logit of a fallback character token: possible, never preferred over a scored token. */
    static final float FALLBACK_LOGIT = -30f;

    private final Schema schema;
    private final GenConfig config;
    private final Vocabulary vocabulary;
    private final OutputSpace space;
    private final Model model;
    private final Map<String, Object> provenance;
    private final Constraint constraint;
    private final int beam;

    GenModel(Schema schema, GenConfig config, Vocabulary vocabulary, OutputSpace space, Model model,
             Map<String, Object> provenance, Constraint constraint, int beam) {
        this.schema = schema;
        this.config = config;
        this.vocabulary = vocabulary;
        this.space = space;
        this.model = model;
        this.provenance = provenance;
        this.constraint = constraint;
        this.beam = beam;
    }

    /** The same model decoding under {@code constraint} with a beam of {@code width} (1: greedy). */
    public GenModel decoding(Constraint newConstraint, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be at least 1, not " + width);
        }
        return new GenModel(schema, config, vocabulary, space, model, provenance, newConstraint, width);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    public GenConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public OutputSpace outputSpace() {
        return space;
    }

    public Model djlModel() {
        return model;
    }

    public Map<String, Object> provenance() {
        return provenance;
    }

    public Constraint constraint() {
        return constraint;
    }

    /** Releases the network; every view made by {@link #decoding} shares it and is closed with it. */
    @Override
    public void close() {
        model.close();
    }

    /** The static word vectors the encoder reads, or null. */
    private WordVectors wordVectors() {
        PretrainedEncoder vectors = ((GenNetwork) model.getBlock()).dimensions().vectors();
        return vectors == null ? null : WordVectors.of(vectors);
    }

    /** The language documents without one are read in: the first of the schema's languages, else English. */
    String defaultLanguage() {
        return schema.languages().isEmpty() ? "en" : schema.languages().get(0);
    }

    /** A text's tokens as the generator reads them: the language's tokenizer, at most {@code maxTokens}. */
    static List<Token> tokens(String text, String lang, int maxTokens) {
        List<Token> tokens = Tokenizers.forLanguage(lang).tokenize(text);
        return tokens.size() > maxTokens ? tokens.subList(0, maxTokens) : tokens;
    }

    /** The encoder's word ids for a text's tokens; the reserved "empty" word for a text without tokens. */
    static int[] wordIds(Vocabulary vocabulary, String text, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return new int[] {Vocabulary.EMPTY};
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.wordId(tokens.get(i).surface(text));
        }
        return ids;
    }

    /**
     * The character ids of each token the encoder reads ({@link #wordIds}' positions): none for a text without
     * tokens, and none at all when the generator reads no characters.
     */
    static int[][] charIds(Vocabulary vocabulary, GenConfig config, String text, List<Token> tokens) {
        if (config.charFilters == 0 || tokens.isEmpty()) {
            return new int[][] {new int[0]};
        }
        return tokens.stream().map(t -> vocabulary.charIds(t.surface(text), config.maxTokenChars))
                .toArray(int[][]::new);
    }

    @Override
    public List<Document> extract(List<Document> inputs) {
        List<Document> out = new ArrayList<>(inputs.size());
        for (Decoded d : decodeAll(inputs)) {
            out.add(d.document());
        }
        return out;
    }

    /** Decodes every input, with the raw string and whether it was well-formed. */
    public List<Decoded> decodeAll(List<Document> inputs) {
        List<Decoded> out = new ArrayList<>(inputs.size());
        Djl.withoutGradients(() -> {
            for (Document input : inputs) {
                out.add(decode(input));
            }
        });
        return out;
    }

    /**
     * One decoded input.
     *
     * @param document the input with the predicted labels and spans (none when the output was not valid)
     * @param output   the generated string
     * @param valid    whether the string parsed, stayed inside the schema and ended within its budget
     * @param grounded whether the string parsed and every entity in it occurs in the text
     * @param finished whether decoding ended with the end-of-sequence token within its budget
     */
    public record Decoded(Document document, String output, boolean valid, boolean grounded, boolean finished) {
    }

    private Decoded decode(Document input) {
        String lang = input.lang() == null || input.lang().isEmpty() ? defaultLanguage() : input.lang();
        String text = input.text();
        Document base = Document.unlabelled(input.id(), lang, text).withMeta(input.meta());
        List<Token> tokens = tokens(text, lang, config.maxTokens);
        OutputGrammar grammar = new OutputGrammar(text, schema.textLabels(), schema.multiLabel(),
                schema.spanLabels(), space.dialect());
        OutputSpace.InputVocabulary inputVocabulary = space.forInput(text, tokens, grammar.alphabet());
        int labelTokens = schema.multiLabel() ? schema.textLabels().size() : 1;
        int budget = grammar.minimumToAccept(grammar.start()) + 4 * tokens.size() + 2 * labelTokens + 8;
        ConstrainedDecoder decoder = new ConstrainedDecoder(inputVocabulary.vocabulary(), budget);
        ConstrainedDecoder.Result result;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            WordVectors vectors = wordVectors();
            Scorer scorer = new Scorer(manager, inputVocabulary, wordIds(vocabulary, text, tokens),
                    charIds(vocabulary, config, text, tokens), vectors == null ? null : vectors.vectors(text, tokens));
            result = decoder.beam(scorer, constraint, grammar, beam);
        }
        Document decoded;
        try {
            decoded = SlgCodec.decode(base, result.text(), space.dialect());
        } catch (SlgCodec.SyntaxException e) {
            return new Decoded(base, result.text(), false, false, result.finished());
        }
        Set<String> labels = new HashSet<>(schema.textLabels());
        Set<String> types = new HashSet<>(schema.spanLabels());
        boolean inside = decoded.labels().stream().allMatch(labels::contains)
                && decoded.spans().stream().map(Span::label).allMatch(types::contains)
                && decoded.relations().isEmpty() && decoded.events().isEmpty()
                && (schema.multiLabel() || decoded.labels().size() <= 1);
        if (!inside || !result.finished()) {
            return new Decoded(base, result.text(), false, true, result.finished());
        }
        return new Decoded(base.withLabels(decoded.labels()).withSpans(decoded.spans()), result.text(), true, true,
                true);
    }

    /**
     * The network as a {@link NextTokenScorer} over one input's vocabulary. Decoder states are cached per prefix, so
     * each call runs one decoder step. A pointer's logit goes to its joined token right after a pointer to the
     * previous position, and to its bare token otherwise (as the gold targets spell copies); the other variant and
     * the fallback characters get {@link #FALLBACK_LOGIT}.
     */
    private final class Scorer implements NextTokenScorer {
        private final OutputSpace.InputVocabulary inputs;
        private final ParameterStore store;
        private final GenNetwork network;
        private final GenNetwork.Encoded encoded;
        private final NDArray table;
        private final GenNetwork.State start;
        private final float[] labelPrior;
        private final Map<List<Integer>, Node> cache = new HashMap<>();

        /** The decoder state after a prefix, and the logits of the token that follows it. */
        private record Node(GenNetwork.State state, float[] logits) {
        }

        Scorer(NDManager manager, OutputSpace.InputVocabulary inputs, int[] wordIds, int[][] charIds,
               float[][] vectors) {
            this.inputs = inputs;
            this.store = new ParameterStore(manager, false);
            this.network = (GenNetwork) model.getBlock();
            NDArray words = manager.create(new int[][] {wordIds});
            NDList chars = network.charFilters() > 0
                    ? CharacterFeatures.inputs(manager, List.<int[][]>of(charIds), wordIds.length) : null;
            NDArray vectorInput = vectors == null ? null
                    : BatchTensors.wordVectors(manager, List.<float[][]>of(vectors), vectors.length);
            this.encoded = network.encode(store, words, chars, vectorInput, false);
            this.table = network.inputTable(store, encoded, false).squeeze(0);
            this.start = network.start(store, encoded, false);
            this.labelPrior = labelPrior();
        }

        /**
         * What the text classifier adds to each label token's logit, by output id: its log-probability of the label
         * (log-softmax for single-label schemas, log-sigmoid for multi-label ones) times {@code textClassifier};
         * null without a classifier.
         */
        private float[] labelPrior() {
            if (network.dimensions().textLabels() == 0) {
                return null;
            }
            NDArray logits = network.textLogits(store, encoded, false);
            NDArray logProbabilities = schema.multiLabel()
                    ? Djl.logisticLoss(logits, logits.onesLike()).neg() : logits.logSoftmax(-1);
            float[] perLabel = logProbabilities.squeeze(0).toFloatArray();
            float[] prior = new float[space.fixedCount()];
            for (int i = 0; i < perLabel.length; i++) {
                prior[space.labelOutput(schema.textLabels().get(i))] = config.textClassifier * perLabel[i];
            }
            return prior;
        }

        @Override
        public float[] logits(int[] prefix) {
            float[] outputs = node(prefix).logits();
            float[] logits = new float[inputs.vocabulary().size()];
            Arrays.fill(logits, FALLBACK_LOGIT);
            int f = inputs.fixedCount();
            System.arraycopy(outputs, 0, logits, 0, f);
            if (labelPrior != null) {
                for (int i = 0; i < f; i++) {
                    logits[i] += labelPrior[i];
                }
            }
            int previous = prefix.length == 0 ? -1 : inputs.position(prefix[prefix.length - 1]);
            for (int j = 0; j < inputs.positions(); j++) {
                logits[inputs.pointer(j, previous >= 0 && previous == j - 1)] = outputs[f + j];
            }
            return logits;
        }

        private Node node(int[] prefix) {
            List<Integer> key = Arrays.stream(prefix).boxed().toList();
            Node node = cache.get(key);
            if (node != null) {
                return node;
            }
            GenNetwork.State before;
            int input;
            if (prefix.length == 0) {
                before = start;
                input = space.startInput();
            } else {
                before = node(Arrays.copyOf(prefix, prefix.length - 1)).state();
                input = inputOf(prefix[prefix.length - 1]);
            }
            GenNetwork.Step step = network.step(store, encoded, table.get(input).expandDims(0), before, false);
            node = new Node(step.state(), step.logits().squeeze(0).toFloatArray());
            cache.put(key, node);
            return node;
        }

        /** The decoder input id that follows vocabulary token {@code id}. */
        private int inputOf(int id) {
            if (id < inputs.fixedCount()) {
                return id;
            }
            int position = inputs.position(id);
            return position >= 0 ? space.inputOffset() + position : space.characterInput();
        }
    }
}
