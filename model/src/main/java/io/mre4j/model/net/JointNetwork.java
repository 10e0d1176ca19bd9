package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;
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
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.mre4j.model.Mode;
import io.mre4j.model.features.TextHead;
import io.mre4j.model.pretrained.BertEncoder;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.pretrained.WordVectors;

/**
 * The joint network: one shared encoder and two heads that exchange information in both directions.
 * <ul>
 *   <li>Text features: the encoder states max- and mean-pooled over the text, and the mean of the token embeddings
 *       (a bag-of-words shortcut that small training sets need: topic words then count directly).</li>
 *   <li>Encoder: word embeddings (with static word vectors from a pretrained encoder's subword table, projected,
 *       where the data's language has one: {@link io.mre4j.model.pretrained.WordVectors}) and a character CNN, then
 *       a BiLSTM built from two one-directional LSTMs (DJL 0.36's bidirectional LSTM passes its weights in the wrong
 *       order when biases are on).</li>
 *   <li>Or a pretrained encoder ({@link BertEncoder}, fine-tuned or frozen) over the text's subwords: a word's
 *       state is its first subword's (or the mean of its subwords'), and the text features pool the {@code [CLS]}
 *       state with the word states, as JointBERT (Chen et al. 2019) does; no BiLSTM on top, unless {@code hybrid}:
 *       then the from-scratch encoder's BiLSTM reads the word states with its own word and character features. Its
 *       inputs are named ({@code subwordIds}, {@code subwordTypes}, {@code subwordMask}, {@code firstSubword},
 *       {@code subwordCount}; see {@link BatchTensors}).</li>
 *   <li>Word → text: a token-level "evidence" layer scores BIO tags from the encoder; its tag distributions, max- and
 *       mean-pooled over the text, join the pooled encoder states as input of the text head. An auxiliary token loss
 *       keeps that evidence about tags.</li>
 *   <li>Text → word: the text head's class probabilities weight a learned class embedding, which is appended to every
 *       token's encoder state before the tagger's emission layer (as Stack-Propagation feeds intents to slots).</li>
 *   <li>Word head: a linear-chain CRF over the emissions (transition, start and end scores live here).</li>
 * </ul>
 * In {@code text} mode only the text head exists, in {@code word} mode only the tagger, without the interaction.
 * Inputs: word ids {@code [B, T]}, the character ids of the batch's distinct token forms and each token's form
 * ({@link BatchTensors}); for a batch of mixed lengths also {@code tokenMask} and {@code reversed}. Outputs, named:
 * {@code text} (class logits {@code [B, classes]}), {@code emissions} ({@code [B, T, tags]}), {@code evidence}
 * ({@code [B, T, tags]}), {@code transitions}, {@code start}, {@code end}; each only where the mode has it.
 */
public final class JointNetwork extends AbstractBlock {
    private static final byte VERSION = 1;
    /** Added to padding positions before a max over tokens, so that they never win it. */
    private static final float PADDING_SCORE = 1e4f;

    private final Dimensions dims;
    private final BertEncoder bert;
    private final Parameter wordEmbedding;
    private final Parameter charEmbedding;
    private final Conv1d charCnn;
    private final LSTM forward;
    private final LSTM backward;
    private final Linear evidence;
    private final Linear textLayer;
    private final Parameter classEmbedding;
    private final Parameter textNgrams;
    private final Linear tagLayer;
    private final Parameter transitions;
    private final Parameter start;
    private final Parameter end;
    private final Linear vectorLayer;

    /**
     * The sizes that fix the network's shape; stored in the bundle so that it can be rebuilt exactly.
     * {@code encoder} is {@code scratch} (or null, in bundles from before pretrained encoders) or a
     * {@link PretrainedEncoder} id; a pretrained encoder replaces the word, character and BiLSTM layers, and makes
     * a word's state from its subwords' ({@code subwordPooling} {@code first} or {@code mean}). {@code wordVectors}
     * names the pretrained encoder whose static word vectors the from-scratch encoder also reads ({@code none}, or
     * null in older bundles: none). {@code hybrid} (with a pretrained encoder; false in older bundles) keeps the
     * from-scratch word, character and BiLSTM layers too: the BiLSTM reads the pretrained word states beside the word
     * and character features, and the heads read the BiLSTM.
     */
    public record Dimensions(Mode mode, TextHead textHead, int words, int chars, int wordDim, int charDim,
                             int charFilters, int hidden, int labelDim, int classes, int tags, float dropout,
                             String encoder, String subwordPooling, float encoderDropout, int textNgramBuckets,
                             String wordVectors, boolean hybrid) {
        /** Dimensions of a network with the from-scratch encoder. */
        public Dimensions(Mode mode, TextHead textHead, int words, int chars, int wordDim, int charDim,
                          int charFilters, int hidden, int labelDim, int classes, int tags, float dropout) {
            this(mode, textHead, words, chars, wordDim, charDim, charFilters, hidden, labelDim, classes, tags,
                    dropout, "scratch", "first", 0f, 0, "none", false);
        }

        /** The pretrained encoder, or null for the from-scratch one. */
        public PretrainedEncoder pretrained() {
            return encoder == null || encoder.equals("scratch") ? null : PretrainedEncoder.parse(encoder);
        }

        /** The encoder whose static word vectors the network reads, or null for none. */
        public PretrainedEncoder vectors() {
            return WordVectors.named(wordVectors);
        }

        /** Whether the network has the from-scratch word, character and BiLSTM layers. */
        boolean scratchLayers() {
            return pretrained() == null || hybrid;
        }

        /** Size of each word's encoder state: the BiLSTM's, or the pretrained encoder's without one. */
        int encoded() {
            return scratchLayers() ? 2 * hidden : pretrained().shape().hidden();
        }

        /** Size of the pooled text features (before the tag evidence). */
        int pooled() {
            PretrainedEncoder pretrained = pretrained();
            return pretrained == null ? 2 * encoded() + encoderInput() : pretrained.shape().hidden() + 2 * encoded();
        }
        boolean hasText() {
            return mode.textHead() && textHead != TextHead.NONE && classes > 0;
        }

        boolean hasTags() {
            return mode.wordHead() && tags > 0;
        }

        boolean joint() {
            return mode == Mode.JOINT && hasText() && hasTags();
        }

        /** Size of the BiLSTM's input: word embedding, character features, projected vectors, pretrained states. */
        int encoderInput() {
            PretrainedEncoder pretrained = pretrained();
            return wordDim + (charFilters > 0 ? charFilters : 0) + (vectors() != null ? wordDim : 0)
                    + (pretrained != null ? pretrained.shape().hidden() : 0);
        }
    }

    public JointNetwork(Dimensions dims) {
        super(VERSION);
        this.dims = dims;
        PretrainedEncoder pretrained = dims.pretrained();
        if (pretrained != null) {
            bert = addChildBlock("bert", new BertEncoder(pretrained.shape(), dims.encoderDropout()));
        } else {
            bert = null;
        }
        if (!dims.scratchLayers()) {
            wordEmbedding = null;
        } else {
            wordEmbedding = addParameter(Parameter.builder().setName("wordEmbedding")
                    .setType(Parameter.Type.WEIGHT).optShape(new Shape(dims.words(), dims.wordDim()))
                    .optInitializer(new NormalInitializer(0.1f)).build());
        }
        if (dims.scratchLayers() && dims.charFilters() > 0) {
            charEmbedding = addParameter(CharacterFeatures.embedding(dims.chars(), dims.charDim()));
            charCnn = addChildBlock("charCnn", CharacterFeatures.cnn(dims.charFilters()));
        } else {
            charEmbedding = null;
            charCnn = null;
        }
        // The from-scratch layers keep their order (parameters are saved and initialised in it).
        if (dims.scratchLayers()) {
            forward = addChildBlock("forward", lstm(dims.hidden()));
            backward = addChildBlock("backward", lstm(dims.hidden()));
        } else {
            forward = null;
            backward = null;
        }
        evidence = dims.joint() ? addChildBlock("evidence", Linear.builder().setUnits(dims.tags()).build()) : null;
        textLayer = dims.hasText() ? addChildBlock("text", Linear.builder().setUnits(dims.classes()).build()) : null;
        classEmbedding = dims.joint() ? addParameter(Parameter.builder().setName("classEmbedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(dims.classes(), dims.labelDim()))
                .optInitializer(new NormalInitializer(0.1f)).build()) : null;
        // The wide part of the text head: a weight per class for each hashed n-gram slot, from zero.
        textNgrams = dims.hasText() && dims.textNgramBuckets() > 0 ? addParameter(Parameter.builder()
                .setName("textNgrams").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(dims.textNgramBuckets(), dims.classes()))
                .optInitializer(new ConstantInitializer(0f)).build()) : null;
        if (dims.hasTags()) {
            tagLayer = addChildBlock("tagger", Linear.builder().setUnits(dims.tags()).build());
            transitions = addParameter(crfParameter("transitions", new Shape(dims.tags(), dims.tags())));
            start = addParameter(crfParameter("start", new Shape(dims.tags())));
            end = addParameter(crfParameter("end", new Shape(dims.tags())));
        } else {
            tagLayer = null;
            transitions = null;
            start = null;
            end = null;
        }
        // Static word vectors, projected to the word embedding's size (last: older bundles have no such layer).
        vectorLayer = pretrained == null && dims.vectors() != null
                ? addChildBlock("vectors", Linear.builder().setUnits(dims.wordDim()).build()) : null;
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    private static Parameter crfParameter(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new ConstantInitializer(0f)).build();
    }

    public Dimensions dimensions() {
        return dims;
    }

    /** The pretrained encoder block, or null with the from-scratch encoder. */
    public BertEncoder bert() {
        return bert;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (charCnn != null) {
            charCnn.initialize(manager, dataType, new Shape(1, dims.charDim(), 8));
        }
        if (vectorLayer != null) {
            vectorLayer.initialize(manager, dataType, new Shape(1, dims.vectors().shape().hidden()));
        }
        if (bert != null) {
            bert.initialize(manager, dataType, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
        }
        if (forward != null) {
            forward.initialize(manager, dataType, new Shape(1, 1, dims.encoderInput()));
            backward.initialize(manager, dataType, new Shape(1, 1, dims.encoderInput()));
        }
        int encoded = dims.encoded();
        if (evidence != null) {
            evidence.initialize(manager, dataType, new Shape(1, encoded));
        }
        if (textLayer != null) {
            textLayer.initialize(manager, dataType, new Shape(1, dims.pooled()
                    + (dims.joint() ? 2 * dims.tags() : 0)));
        }
        if (tagLayer != null) {
            tagLayer.initialize(manager, dataType, new Shape(1, encoded + (dims.joint() ? dims.labelDim() : 0)));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        long t = inputShapes[0].get(1);
        return new Shape[] {new Shape(b, dims.classes()), new Shape(b, t, dims.tags())};
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray words = inputs.get(0);
        long b = words.getShape().get(0);
        long t = words.getShape().get(1);
        Pooling pool = Pooling.of(inputs);
        NDArray h;
        NDArray pooledText;
        if (bert != null) {
            NDArray states = bert.forward(store, new NDList(inputs.get("subwordIds"), inputs.get("subwordTypes"),
                    inputs.get("subwordMask")), training).singletonOrThrow();
            h = dropout(subwordPooling(inputs.get("firstSubword"), inputs.get("subwordCount"),
                    states.getShape().get(1)).matMul(states), dims.encoderDropout(), training);
            NDArray cls = dropout(states.get(new NDIndex(":, 0, :")), dims.encoderDropout(), training);
            if (forward != null) {
                h = biLstm(store, h.concat(scratchFeatures(store, inputs, b, t, training), -1), pool, training);
            }
            pooledText = cls.concat(pool.max(h), -1).concat(pool.mean(h), -1);
        } else {
            NDArray x = scratchFeatures(store, inputs, b, t, training);
            h = biLstm(store, x, pool, training);
            pooledText = pool.max(h).concat(pool.mean(h), -1).concat(pool.mean(x), -1);
        }
        return heads(store, words, h, pooledText, wideText(store, inputs, training), pool, b, t, training);
    }

    /** The BiLSTM's states over {@code x [B, T, D]}, both directions concatenated, with dropout. */
    private NDArray biLstm(ParameterStore store, NDArray x, Pooling pool, boolean training) {
        NDArray hf = forward.forward(store, new NDList(x), training).singletonOrThrow();
        NDArray hb = pool.unreverse(backward.forward(store, new NDList(pool.reverse(x)), training)
                .singletonOrThrow());
        return dropout(hf.concat(hb, -1), training);
    }

    /**
     * Pooling over each text's tokens and reversal within each text's length. Without a {@code tokenMask} (every text
     * of the batch has the same length) these are the plain operations; with one, padding never wins a max, never
     * counts in a mean, and stays at the end of a reversed text, so a text's outputs do not depend on its batch.
     */
    private record Pooling(NDArray mask, NDArray reversed) {
        static Pooling of(NDList inputs) {
            return new Pooling(inputs.get("tokenMask"), inputs.get("reversed"));
        }

        /** Max over the tokens of {@code x [B, T, D]}: {@code [B, D]}. */
        NDArray max(NDArray x) {
            if (mask == null) {
                return x.max(new int[] {1});
            }
            return x.add(mask.sub(1).mul(PADDING_SCORE).expandDims(-1)).max(new int[] {1});
        }

        /** Mean over the tokens of {@code x [B, T, D]}: {@code [B, D]}. */
        NDArray mean(NDArray x) {
            if (mask == null) {
                return x.mean(new int[] {1});
            }
            return x.mul(mask.expandDims(-1)).sum(new int[] {1}).div(mask.sum(new int[] {1}, true));
        }

        /** {@code x [B, T, D]} with each text's tokens in reverse order. */
        NDArray reverse(NDArray x) {
            if (mask == null) {
                return x.flip(1);
            }
            Shape shape = x.getShape();
            return Embedding.embedding(reversed, x.reshape(shape.get(0) * shape.get(1), shape.get(2)),
                    SparseFormat.DENSE).singletonOrThrow();
        }

        /** The inverse of {@link #reverse} (reversing twice restores the order). */
        NDArray unreverse(NDArray x) {
            return reverse(x);
        }
    }

    /** The n-gram part of the text logits {@code [B, classes]}: the mean of the text's n-gram slots' weights. */
    private NDArray wideText(ParameterStore store, NDList inputs, boolean training) {
        if (textNgrams == null) {
            return null;
        }
        NDArray slots = inputs.get("ngrams");
        return Embedding.embedding(slots, value(store, textNgrams, slots, training), SparseFormat.DENSE)
                .singletonOrThrow().mul(inputs.get("ngramWeights").expandDims(-1)).sum(new int[] {1});
    }

    /**
     * Each word's weights over the subwords {@code [B, T, S]}: 1 on its first subword ({@code first} pooling) or
     * 1/n on each of its n subwords ({@code mean}); the word's state is then one matrix product away.
     */
    private NDArray subwordPooling(NDArray first, NDArray count, long subwords) {
        NDArray positions = first.getManager().arange(0, (int) subwords, 1, DataType.INT64).reshape(1, 1, subwords);
        NDArray start = first.expandDims(-1);
        if ("mean".equals(dims.subwordPooling())) {
            NDArray n = count.expandDims(-1);
            NDArray inside = positions.gte(start).logicalAnd(positions.lt(start.add(n)));
            return inside.toType(DataType.FLOAT32, false).div(n.toType(DataType.FLOAT32, false));
        }
        return positions.eq(start).toType(DataType.FLOAT32, false);
    }

    /**
     * The from-scratch encoder's input: word embeddings, the projected static word vectors (if any) and character
     * features, with dropout.
     */
    private NDArray scratchFeatures(ParameterStore store, NDList inputs, long b, long t, boolean training) {
        NDArray words = inputs.get(0);
        NDArray x = Embedding.embedding(words, value(store, wordEmbedding, words, training), SparseFormat.DENSE)
                .singletonOrThrow();
        if (vectorLayer != null) {
            x = x.concat(vectorLayer.forward(store, new NDList(inputs.get("wordVectors")), training)
                    .singletonOrThrow(), -1);
        }
        if (charCnn != null) {
            NDArray forms = characterFeatures(store, inputs.get(1), training);
            x = x.concat(CharacterFeatures.perPosition(forms, inputs.get(2), b, t), -1);
        }
        return dropout(x, training);
    }

    /** The text head and the tagger over the encoder states {@code h}, exchanging information both ways. */
    private NDList heads(ParameterStore store, NDArray words, NDArray h, NDArray pooledText, NDArray wideText,
                         Pooling pool, long b, long t, boolean training) {
        NDList out = new NDList();
        NDArray textLogits = null;
        if (textLayer != null) {
            NDArray pooled = pooledText;
            if (evidence != null) {
                NDArray evidenceLogits = evidence.forward(store, new NDList(h), training).singletonOrThrow();
                NDArray tagProbabilities = evidenceLogits.softmax(-1);
                pooled = pooled.concat(pool.max(tagProbabilities), -1).concat(pool.mean(tagProbabilities), -1);
                out.add(named(evidenceLogits, "evidence"));
            }
            textLogits = textLayer.forward(store, new NDList(pooled), training).singletonOrThrow();
            if (wideText != null) {
                textLogits = textLogits.add(wideText);
            }
            out.add(named(textLogits, "text"));
        }
        if (tagLayer != null) {
            NDArray tagInput = h;
            if (classEmbedding != null) {
                NDArray probabilities = dims.textHead() == TextHead.SIGMOID ? Activation.sigmoid(textLogits)
                        : textLogits.softmax(-1);
                NDArray context = probabilities.matMul(value(store, classEmbedding, words, training));
                tagInput = h.concat(context.expandDims(1).broadcast(b, t, dims.labelDim()), -1);
            }
            out.add(named(tagLayer.forward(store, new NDList(tagInput), training).singletonOrThrow(), "emissions"));
            out.add(named(value(store, transitions, words, training), "transitions"));
            out.add(named(value(store, start, words, training), "start"));
            out.add(named(value(store, end, words, training), "end"));
        }
        return out;
    }

    /** Each token form's character features {@code [U, filters]} ({@link CharacterFeatures#compute}). */
    NDArray characterFeatures(ParameterStore store, NDArray chars, boolean training) {
        return CharacterFeatures.compute(store, chars, value(store, charEmbedding, chars, training), charCnn, training);
    }

    private NDArray dropout(NDArray x, boolean training) {
        return dropout(x, dims.dropout(), training);
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        return SeededDropout.apply(x, rate, training);
    }

    private static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
