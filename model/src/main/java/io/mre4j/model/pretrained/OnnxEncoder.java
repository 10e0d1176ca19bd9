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
        SubwordBatch padded = SubwordBatch.of(texts);
        int batch = padded.batch();
        long[] shape = {batch, padded.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[] values = switch (name) {
                    case "input_ids" -> padded.ids();
                    case "attention_mask" -> padded.mask();
                    case "token_type_ids" -> padded.typeIds();
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
