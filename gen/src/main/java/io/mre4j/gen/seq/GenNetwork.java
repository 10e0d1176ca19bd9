package io.mre4j.gen.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.mre4j.model.Djl;
import io.mre4j.model.net.CharacterFeatures;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.WordVectors;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in generator: a word-level pointer-generator network.
 * <ul>
 *   <li>Encoder: word embeddings (and, with {@code charFilters > 0}, the joint model's character CNN, so that unseen
 *       words are read through their characters), then a BiLSTM made of two one-directional DJL LSTMs (DJL 0.36's
 *       bidirectional LSTM passes its weights in the wrong order when biases are on).</li>
 *   <li>Decoder: an LSTM cell written with one linear layer (gates from the previous token's embedding, the previous
 *       attention context and the previous state), Luong (general) attention over the encoder states, and an output
 *       layer over {@code [state; context]}.</li>
 *   <li>Outputs: logits over the {@code F} fixed tokens, then one pointer logit per input position (a bilinear score
 *       of the output state against that position's encoder state): the copy mechanism.</li>
 *   <li>The previous token's embedding is a learnt vector for fixed tokens, the start and the fallback character,
 *       and a projection of the position's encoder state for a pointer.</li>
 *   <li>With {@code textLabels > 0}, a text classifier over the encoder states' maximum and mean (as the joint
 *       model's text head pools them): trained beside the decoder, and its log-probabilities added to the label
 *       tokens' scores when decoding ({@link GenModel}), so that the text label does not rest on the first decoder
 *       step alone.</li>
 * </ul>
 * Training input: word ids {@code [B, T]} and teacher-forced previous decoder input ids {@code [B, L]}
 * ({@link OutputSpace#inputOf}), then with characters the forms' character ids and each position's form
 * ({@link CharacterFeatures#inputs}); output: logits {@code [B, L, F + T]}. Inference uses {@link #encode} and
 * {@link #step} directly, one decoder step at a time.
 */
public final class GenNetwork extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Dimensions dims;
    private final Parameter wordEmbedding;
    private final Parameter tokenEmbedding;
    private final LSTM forward;
    private final LSTM backward;
    private final Linear copyProjection;
    private final Linear initial;
    private final Linear cell;
    private final Linear attention;
    private final Linear output;
    private final Linear fixedLayer;
    private final Linear pointerLayer;
    private final Parameter charEmbedding;
    private final Conv1d charCnn;
    private final Linear vectorLayer;
    private final Linear textLayer;

    /**
     * The sizes that fix the network's shape; stored in the bundle so that it can be rebuilt exactly.
     *
     * @param words         word vocabulary size
     * @param wordDim       word embedding size
     * @param hidden        encoder LSTM size per direction
     * @param decoderHidden decoder LSTM size
     * @param tokenDim      size of the previous token's embedding
     * @param fixedTokens   fixed output tokens ({@code F})
     * @param dropout       dropout on embeddings, encoder states and decoder outputs
     * @param chars         character vocabulary size (0 without characters)
     * @param charDim       character embedding size
     * @param charFilters   character CNN filters (0: no character features; bundles from before them have 0)
     * @param wordVectors   the pretrained encoder whose static word vectors the encoder reads ({@code none}, or
     *                      null in older bundles: none)
     * @param textLabels    the text classifier's labels (0: no classifier; older bundles have 0)
     */
    public record Dimensions(int words, int wordDim, int hidden, int decoderHidden, int tokenDim, int fixedTokens,
                             float dropout, int chars, int charDim, int charFilters, String wordVectors,
                             int textLabels) {
        int encoded() {
            return 2 * hidden;
        }

        int encoderInput() {
            return wordDim + charFilters + (vectors() != null ? wordDim : 0);
        }

        /** The encoder whose static word vectors the network reads, or null for none. */
        public PretrainedEncoder vectors() {
            return WordVectors.named(wordVectors);
        }
    }

    /** The decoder's state after a step: LSTM state, cell and the attention context. */
    public record State(NDArray h, NDArray c, NDArray context) {
    }

    /** The encoder's output for a batch: states {@code [B, T, 2H]}. */
    public record Encoded(NDArray states) {
    }

    /** One decoder step's logits {@code [B, F + T]} and the state after it. */
    public record Step(NDArray logits, State state) {
    }

    public GenNetwork(Dimensions dims) {
        super(VERSION);
        this.dims = dims;
        wordEmbedding = addParameter(Parameter.builder().setName("wordEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(dims.words(), dims.wordDim())).optInitializer(new NormalInitializer(0.1f))
                .build());
        tokenEmbedding = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(dims.fixedTokens() + 2, dims.tokenDim()))
                .optInitializer(new NormalInitializer(0.1f)).build());
        forward = addChildBlock("forward", lstm(dims.hidden()));
        backward = addChildBlock("backward", lstm(dims.hidden()));
        copyProjection = addChildBlock("copyProjection", Linear.builder().setUnits(dims.tokenDim()).build());
        initial = addChildBlock("initial", Linear.builder().setUnits(dims.decoderHidden()).build());
        cell = addChildBlock("cell", Linear.builder().setUnits(4L * dims.decoderHidden()).build());
        attention = addChildBlock("attention", Linear.builder().setUnits(dims.encoded()).build());
        output = addChildBlock("output", Linear.builder().setUnits(dims.decoderHidden()).build());
        fixedLayer = addChildBlock("fixed", Linear.builder().setUnits(dims.fixedTokens()).build());
        pointerLayer = addChildBlock("pointer", Linear.builder().setUnits(dims.encoded()).build());
        // Last, so that generators without characters keep their parameter layout.
        if (dims.charFilters() > 0) {
            charEmbedding = addParameter(CharacterFeatures.embedding(dims.chars(), dims.charDim()));
            charCnn = addChildBlock("charCnn", CharacterFeatures.cnn(dims.charFilters()));
        } else {
            charEmbedding = null;
            charCnn = null;
        }
        vectorLayer = dims.vectors() != null
                ? addChildBlock("vectors", Linear.builder().setUnits(dims.wordDim()).build()) : null;
        textLayer = dims.textLabels() > 0
                ? addChildBlock("text", Linear.builder().setUnits(dims.textLabels()).build()) : null;
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    public Dimensions dimensions() {
        return dims;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int e = dims.encoded();
        int d = dims.decoderHidden();
        forward.initialize(manager, dataType, new Shape(1, 1, dims.encoderInput()));
        backward.initialize(manager, dataType, new Shape(1, 1, dims.encoderInput()));
        if (charCnn != null) {
            charCnn.initialize(manager, dataType, new Shape(1, dims.charDim(), 8));
        }
        if (vectorLayer != null) {
            vectorLayer.initialize(manager, dataType, new Shape(1, dims.vectors().shape().hidden()));
        }
        copyProjection.initialize(manager, dataType, new Shape(1, e));
        initial.initialize(manager, dataType, new Shape(1, e));
        cell.initialize(manager, dataType, new Shape(1, dims.tokenDim() + e + d));
        attention.initialize(manager, dataType, new Shape(1, d));
        output.initialize(manager, dataType, new Shape(1, d + e));
        fixedLayer.initialize(manager, dataType, new Shape(1, d));
        pointerLayer.initialize(manager, dataType, new Shape(1, d));
        if (textLayer != null) {
            textLayer.initialize(manager, dataType, new Shape(1, 2L * e));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape logits = new Shape(inputShapes[0].get(0), inputShapes[1].get(1),
                dims.fixedTokens() + inputShapes[0].get(1));
        return textLayer == null ? new Shape[] {logits}
                : new Shape[] {logits, new Shape(inputShapes[0].get(0), dims.textLabels())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray words = inputs.get(0);
        NDArray previous = inputs.get(1);
        NDList chars = charFilters() > 0 ? new NDList(inputs.get(2), inputs.get(3)) : null;
        Encoded encoded = encode(store, words, chars, inputs.get("wordVectors"), training);
        NDArray table = inputTable(store, encoded, training);
        NDArray embedded = previous.oneHot((int) table.getShape().get(1)).toType(DataType.FLOAT32, false)
                .matMul(table);
        State state = start(store, encoded, training);
        List<NDArray> logits = new ArrayList<>();
        long steps = previous.getShape().get(1);
        for (int t = 0; t < steps; t++) {
            Step step = step(store, encoded, embedded.get(new NDIndex(":, {}, :", t)), state, training);
            logits.add(step.logits());
            state = step.state();
        }
        NDList out = new NDList(NDArrays.stack(new NDList(logits), 1));
        if (textLayer != null) {
            out.add(textLogits(store, encoded, training));
        }
        return out;
    }

    /** The text classifier's logits {@code [B, textLabels]}; only with {@code textLabels > 0}. */
    public NDArray textLogits(ParameterStore store, Encoded encoded, boolean training) {
        NDArray states = encoded.states();
        NDArray pooled = states.max(new int[] {1}).concat(states.mean(new int[] {1}), -1);
        return textLayer.forward(store, new NDList(pooled), training).singletonOrThrow();
    }

    /** The character CNN's filters; above 0 the encoder reads characters, and {@link #encode} needs them. */
    public int charFilters() {
        return dims.charFilters();
    }

    /**
     * Encodes word ids {@code [B, T]}; {@code chars} holds the forms' character ids and each position's form
     * ({@link CharacterFeatures#inputs}) when the network reads characters, and {@code vectors} the tokens' static
     * word vectors {@code [B, T, D]} when it reads them; each is ignored otherwise.
     */
    public Encoded encode(ParameterStore store, NDArray words, NDList chars, NDArray vectors, boolean training) {
        NDArray x = Embedding.embedding(words, store.getValue(wordEmbedding, words.getDevice(), training),
                SparseFormat.DENSE).singletonOrThrow();
        if (vectorLayer != null) {
            x = x.concat(vectorLayer.forward(store, new NDList(vectors), training).singletonOrThrow(), -1);
        }
        if (charCnn != null) {
            NDArray forms = CharacterFeatures.compute(store, chars.get(0),
                    store.getValue(charEmbedding, words.getDevice(), training), charCnn, training);
            Shape shape = words.getShape();
            x = x.concat(CharacterFeatures.perPosition(forms, chars.get(1), shape.get(0), shape.get(1)), -1);
        }
        x = dropout(x, training);
        NDArray hf = forward.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray hb = backward.forward(store, new NDList(x.flip(1)), training).singletonOrThrow().flip(1);
        return new Encoded(dropout(hf.concat(hb, -1), training));
    }

    /**
     * The embeddings of every decoder input id, per document: {@code [B, F + 2 + T, tokenDim]} (fixed tokens, start,
     * fallback character, then the projected encoder state of each position).
     */
    public NDArray inputTable(ParameterStore store, Encoded encoded, boolean training) {
        NDArray states = encoded.states();
        long b = states.getShape().get(0);
        NDArray fixed = Djl.inBatch(store.getValue(tokenEmbedding, states.getDevice(), training), states.getManager())
                .expandDims(0);
        fixed = fixed.broadcast(b, fixed.getShape().get(1), dims.tokenDim());
        NDArray copies = copyProjection.forward(store, new NDList(states), training).singletonOrThrow();
        return fixed.concat(copies, 1);
    }

    /** The decoder's first state: from the mean encoder state; an empty context. */
    public State start(ParameterStore store, Encoded encoded, boolean training) {
        NDArray states = encoded.states();
        NDArray h = initial.forward(store, new NDList(states.mean(new int[] {1})), training).singletonOrThrow().tanh();
        NDArray c = h.zerosLike();
        NDArray context = states.getManager().zeros(new Shape(states.getShape().get(0), dims.encoded()));
        return new State(h, c, context);
    }

    /** One decoder step from the previous token's embedding {@code [B, tokenDim]}. */
    public Step step(ParameterStore store, Encoded encoded, NDArray previous, State state, boolean training) {
        NDArray states = encoded.states();
        NDArray in = previous.concat(state.context(), -1).concat(state.h(), -1);
        NDList gates = cell.forward(store, new NDList(in), training).singletonOrThrow().split(4, 1);
        NDArray c = Activation.sigmoid(gates.get(1)).mul(state.c())
                .add(Activation.sigmoid(gates.get(0)).mul(gates.get(2).tanh()));
        NDArray h = Activation.sigmoid(gates.get(3)).mul(c.tanh());
        NDArray query = attention.forward(store, new NDList(h), training).singletonOrThrow();
        NDArray weights = states.matMul(query.expandDims(-1)).squeeze(-1).softmax(-1);
        NDArray context = weights.expandDims(1).matMul(states).squeeze(1);
        NDArray out = output.forward(store, new NDList(h.concat(context, -1)), training).singletonOrThrow().tanh();
        out = dropout(out, training);
        NDArray fixed = fixedLayer.forward(store, new NDList(out), training).singletonOrThrow();
        NDArray pointerQuery = pointerLayer.forward(store, new NDList(out), training).singletonOrThrow();
        NDArray pointers = states.matMul(pointerQuery.expandDims(-1)).squeeze(-1);
        return new Step(fixed.concat(pointers, -1), new State(h, c, context));
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && dims.dropout() > 0 ? Dropout.dropout(x, dims.dropout(), true).singletonOrThrow() : x;
    }
}
