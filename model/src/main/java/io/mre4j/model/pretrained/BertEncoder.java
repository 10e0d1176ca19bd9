package io.mre4j.model.pretrained;

import ai.djl.MalformedModelException;
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
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.mre4j.core.DataException;
import io.mre4j.model.Djl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT encoder (Devlin et al. 2019) as one DJL block, so that pretrained weights can be fine-tuned: word, position
 * and token-type embeddings with LayerNorm, then layers of multi-head self-attention (padding masked) and a GELU (erf)
 * feed-forward network, each followed by a residual connection and LayerNorm (post-norm, as Hugging Face's
 * {@code BertModel}). DJL's own {@code BertBlock} does not fit: it normalises with BatchNorm and fixes the length.
 * Parameters carry their Hugging Face names; linear weights are {@code [in, out]}.
 * <p>
 * Inputs: subword ids {@code [B, S]}, token type ids {@code [B, S]} and the attention mask {@code [B, S]} (1 for a
 * subword, 0 for padding). Output: the last layer's hidden states {@code [B, S, hidden]}.
 * <p>
 * When {@link #storesWeights()} is false (a frozen encoder), {@link #saveParameters} writes no weights and
 * {@link #loadParameters} reads none: the weights come from the pretrained model's jar ({@link #loadPretrained}).
 */
public final class BertEncoder extends AbstractBlock {
    private static final byte VERSION = 1;
    /** LayerNorm epsilon of both BERT models (their {@code layer_norm_eps}). */
    private static final float EPSILON = 1e-12f;
    /** Added to attention scores of padding subwords: their weight after the softmax is exactly zero. */
    private static final float MASKED = -1e9f;

    private final PretrainedEncoder.BertShape shape;
    private final float dropout;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private boolean storesWeights = true;

    /**
     * @param dropout dropout on the embeddings, the attention weights and each sub-layer's output while training
     *                (BERT's own is 0.1)
     */
    public BertEncoder(PretrainedEncoder.BertShape shape, float dropout) {
        super(VERSION);
        this.shape = shape;
        this.dropout = dropout;
        int h = shape.hidden();
        add("embeddings.word_embeddings.weight", shape.vocabulary(), h);
        add("embeddings.position_embeddings.weight", shape.positions(), h);
        add("embeddings.token_type_embeddings.weight", shape.types(), h);
        add("embeddings.LayerNorm.weight", h);
        add("embeddings.LayerNorm.bias", h);
        for (int l = 0; l < shape.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String linear : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                add(p + linear + ".weight", h, h);
                add(p + linear + ".bias", h);
            }
            add(p + "attention.output.LayerNorm.weight", h);
            add(p + "attention.output.LayerNorm.bias", h);
            add(p + "intermediate.dense.weight", h, shape.intermediate());
            add(p + "intermediate.dense.bias", shape.intermediate());
            add(p + "output.dense.weight", shape.intermediate(), h);
            add(p + "output.dense.bias", h);
            add(p + "output.LayerNorm.weight", h);
            add(p + "output.LayerNorm.bias", h);
        }
    }

    private void add(String name, int... dims) {
        Parameter parameter = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(Arrays.stream(dims).asLongStream().toArray()))
                .optInitializer(new NormalInitializer(0.02f)).build());
        byName.put(name, parameter);
    }

    public PretrainedEncoder.BertShape shape() {
        return shape;
    }

    /** Whether {@link #saveParameters} writes the weights (a fine-tuned encoder) or leaves them to the jar. */
    public boolean storesWeights() {
        return storesWeights;
    }

    public void setStoresWeights(boolean storesWeights) {
        this.storesWeights = storesWeights;
    }

    /** Freezes or unfreezes every weight of the encoder. */
    public void freeze(boolean frozen) {
        byName.values().forEach(p -> p.freeze(frozen));
    }

    /**
     * Freezes or unfreezes the embedding tables alone (word, position, token type and their LayerNorm). The word
     * table is about half of a small BERT's weights, and with a dense gradient it costs Adam, the weight average and
     * gradient clipping as much time per step as all the layers together.
     */
    public void freezeEmbeddings(boolean frozen) {
        byName.forEach((name, p) -> {
            if (name.startsWith("embeddings.")) {
                p.freeze(frozen);
            }
        });
    }

    /**
     * Copies {@code encoder}'s pretrained weights, read from the ONNX model in its jar, into this block's
     * (initialised) parameters. A weight that is missing or has another shape is a {@link DataException} that names
     * it: the ONNX graph is then not the BERT this block expects.
     */
    public void loadPretrained(PretrainedEncoder encoder) {
        String where = encoder.artifact() + "!" + encoder.id();
        Map<String, OnnxWeights.Tensor> weights = OnnxWeights.read(encoder.onnxBytes(), where);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : byName.entrySet()) {
            OnnxWeights.Tensor tensor = weights.get(entry.getKey());
            if (tensor == null) {
                missing.add(entry.getKey());
                continue;
            }
            Shape expected = entry.getValue().getArray().getShape();
            if (!Arrays.equals(expected.getShape(), tensor.dims())) {
                throw new DataException(where + ": weight " + entry.getKey() + " has shape "
                        + Arrays.toString(tensor.dims()) + ", expected " + expected);
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException(where + ": not the expected BERT graph; missing weights " + missing);
        }
        // Copied into the parameters' own storage: NDArray.set(Buffer) would point them at a Java buffer instead.
        Djl.withoutGradients(() -> byName.forEach((name, parameter) -> {
            NDArray array = parameter.getArray();
            try (NDArray pretrained = array.getManager().create(weights.get(name).values(), array.getShape())) {
                array.muli(0f).addi(pretrained);
            }
        }));
    }

    /**
     * The encoder's inputs for a batch of texts: subword ids, token type ids and the attention mask, each
     * {@code [B, S]} with {@code S} the longest text's subwords; shorter texts are padded with id 0 and mask 0.
     */
    public static NDList inputs(NDManager manager, List<SubwordTokenizer.Subwords> texts) {
        SubwordBatch batch = SubwordBatch.of(texts);
        Shape shape = new Shape(batch.batch(), batch.length());
        return new NDList(manager.create(batch.ids(), shape), manager.create(batch.typeIds(), shape),
                manager.create(batch.mask(), shape));
    }

    /** The encoder's parameters, for a separate learning rate. */
    public List<Parameter> parameters() {
        return List.copyOf(byName.values());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray types = inputs.get(1);
        NDArray mask = inputs.get(2);
        long b = ids.getShape().get(0);
        long s = ids.getShape().get(1);
        int h = shape.hidden();
        int heads = shape.heads();
        int headSize = h / heads;
        NDArray x = Embedding.embedding(ids, value(store, "embeddings.word_embeddings.weight", ids, training),
                SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = value(store, "embeddings.position_embeddings.weight", ids, training)
                .get(new NDIndex("0:" + s));
        positions.attach(ids.getManager()); // a slice of a parameter belongs to the model's manager (Djl.inBatch)
        x = x.add(positions);
        x = x.add(Embedding.embedding(types, value(store, "embeddings.token_type_embeddings.weight", ids, training),
                SparseFormat.DENSE).singletonOrThrow());
        x = dropout(norm(store, "embeddings.LayerNorm", x, training), training);
        NDArray bias = mask.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED).reshape(b, 1, 1, s);
        float scale = (float) (1.0 / Math.sqrt(headSize));
        for (int l = 0; l < shape.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            NDArray q = split(linear(store, p + "attention.self.query", x, training), b, s, heads, headSize);
            NDArray k = split(linear(store, p + "attention.self.key", x, training), b, s, heads, headSize);
            NDArray v = split(linear(store, p + "attention.self.value", x, training), b, s, heads, headSize);
            NDArray scores = Djl.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale).add(bias);
            NDArray context = dropout(scores.softmax(-1), training).matMul(v).transpose(0, 2, 1, 3)
                    .reshape(b, s, h);
            NDArray attended = dropout(linear(store, p + "attention.output.dense", context, training), training);
            x = norm(store, p + "attention.output.LayerNorm", attended.add(x), training);
            NDArray inner = Activation.gelu(linear(store, p + "intermediate.dense", x, training));
            NDArray out = dropout(linear(store, p + "output.dense", inner, training), training);
            x = norm(store, p + "output.LayerNorm", out.add(x), training);
        }
        return new NDList(x);
    }

    private static NDArray split(NDArray x, long b, long s, int heads, int headSize) {
        return x.reshape(b, s, heads, headSize).transpose(0, 2, 1, 3);
    }

    private NDArray linear(ParameterStore store, String name, NDArray x, boolean training) {
        return x.matMul(value(store, name + ".weight", x, training)).add(value(store, name + ".bias", x, training));
    }

    private NDArray norm(ParameterStore store, String name, NDArray x, boolean training) {
        return LayerNorm.layerNorm(x, new Shape(shape.hidden()), value(store, name + ".weight", x, training),
                value(store, name + ".bias", x, training), EPSILON).singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        return io.mre4j.model.net.SeededDropout.apply(x, dropout, training);
    }

    private NDArray value(ParameterStore store, String name, NDArray like, boolean training) {
        return store.getValue(byName.get(name), like.getDevice(), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), shape.hidden())};
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        os.write(VERSION);
        os.writeBoolean(storesWeights);
        if (storesWeights) {
            for (Parameter parameter : byName.values()) {
                parameter.save(os);
            }
        }
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        byte version = is.readByte();
        if (version != VERSION) {
            throw new MalformedModelException("unsupported BERT encoder version " + version);
        }
        storesWeights = is.readBoolean();
        if (storesWeights) {
            for (Parameter parameter : byName.values()) {
                parameter.load(manager, is);
            }
        }
    }
}
