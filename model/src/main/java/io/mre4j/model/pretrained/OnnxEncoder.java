package io.mre4j.model.pretrained;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pretrained encoder run as-is by ONNX Runtime, frozen: the reference its DJL re-implementation is checked against,
 * and the fast way to embed texts when nothing is fine-tuned (the few-shot verbalizer). Thread-safe.
 */
public final class OnnxEncoder implements AutoCloseable {
    private final PretrainedEncoder encoder;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String output;

    private OnnxEncoder(PretrainedEncoder encoder, OrtEnvironment environment, OrtSession session, String output) {
        this.encoder = encoder;
        this.environment = environment;
        this.session = session;
        this.output = output;
    }

    /** Loads {@code encoder}'s ONNX weights from its jar; {@code threads} is ONNX Runtime's intra-op threads (0: all). */
    public static OnnxEncoder open(PretrainedEncoder encoder, int threads) {
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            OrtSession session = environment.createSession(encoder.onnxBytes(), options);
            String output = session.getOutputNames().contains("last_hidden_state") ? "last_hidden_state"
                    : session.getOutputNames().iterator().next();
            return new OnnxEncoder(encoder, environment, session, output);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + encoder.id() + ": " + e.getMessage(), e);
        }
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    /**
     * The last layer's hidden states of each text, {@code [text][subword][hidden]}; texts of different lengths are
     * padded to the longest and the padding masked, and each text's rows stop at its own length.
     */
    public float[][][] hiddenStates(List<SubwordTokenizer.Subwords> texts) {
        int batch = texts.size();
        int length = texts.stream().mapToInt(SubwordTokenizer.Subwords::length).max().orElse(0);
        long[] ids = new long[batch * length];
        long[] types = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            SubwordTokenizer.Subwords text = texts.get(b);
            System.arraycopy(text.ids(), 0, ids, b * length, text.length());
            System.arraycopy(text.typeIds(), 0, types, b * length, text.length());
            for (int i = 0; i < text.length(); i++) {
                mask[b * length + i] = 1;
            }
        }
        long[] shape = {batch, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[] values = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    case "token_type_ids" -> types;
                    default -> throw new IllegalStateException(encoder.id() + " has an unexpected input " + name);
                };
                inputs.put(name, OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape));
            }
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                float[][][] states = (float[][][]) result.get(0).getValue();
                float[][][] out = new float[batch][][];
                for (int b = 0; b < batch; b++) {
                    out[b] = java.util.Arrays.copyOf(states[b], texts.get(b).length());
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + encoder.id() + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
