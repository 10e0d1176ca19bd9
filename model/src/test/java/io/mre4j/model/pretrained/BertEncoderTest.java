package io.mre4j.model.pretrained;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.mre4j.core.DataException;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BertEncoderTest {
    /** Largest difference allowed between the DJL encoder's hidden states and ONNX Runtime's. */
    private static final double TOLERANCE = 1e-4;

    @Test
    void minilmMatchesOnnxRuntimeOnAPaddedBatch() {
        assertParity(PretrainedEncoder.MINILM_EN, List.of(
                List.of("show", "me", "flights", "from", "Boston", "to", "Denver", "on", "Friday", "morning"),
                List.of("Hello", "!"),
                List.of("unbelievably", "cheap", "fares", "to", "Reykjavík")));
    }

    @Test
    void bgeSmallZhMatchesOnnxRuntimeOnAPaddedBatch() {
        assertParity(PretrainedEncoder.BGE_SMALL_ZH, List.of(
                List.of("我", "想", "听", "周", "杰", "伦", "的", "歌"),
                List.of("你", "好"),
                List.of("明", "天", "北", "京", "天", "气", "怎", "么", "样", "？")));
    }

    private static void assertParity(PretrainedEncoder encoder, List<List<String>> texts) {
        List<SubwordTokenizer.Subwords> subwords;
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(encoder)) {
            subwords = texts.stream().map(words -> tokenizer.encode(words, 128)).toList();
        }
        float[][][] expected;
        try (OnnxEncoder onnx = OnnxEncoder.open(encoder, 1)) {
            expected = onnx.hiddenStates(subwords);
        }
        Engine engine = Djl.engine(1);
        try (Model model = Model.newInstance("bert", engine.defaultDevice(), engine.getEngineName())) {
            BertEncoder bert = new BertEncoder(encoder.shape(), 0.1f);
            model.setBlock(bert);
            NDManager manager = model.getNDManager();
            bert.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1));
            bert.loadPretrained(encoder);
            double[] worst = new double[1];
            Djl.withoutGradients(() -> {
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray states = bert.forward(new ParameterStore(scratch, false),
                            BertEncoder.inputs(scratch, subwords), false).singletonOrThrow();
                    long s = states.getShape().get(1);
                    int h = encoder.shape().hidden();
                    assertEquals(3, states.getShape().get(0));
                    assertTrue(s > subwords.get(1).length(), "the batch is padded");
                    float[] actual = states.toFloatArray();
                    for (int b = 0; b < texts.size(); b++) {
                        for (int i = 0; i < subwords.get(b).length(); i++) {
                            for (int j = 0; j < h; j++) {
                                double difference = Math.abs(actual[(int) ((b * s + i) * h + j)]
                                        - expected[b][i][j]);
                                worst[0] = Math.max(worst[0], difference);
                            }
                        }
                    }
                }
            });
            assertTrue(worst[0] < TOLERANCE, encoder.id() + ": largest difference " + worst[0]);
        }
    }

    @Test
    void onnxWeightsGetTheirHuggingFaceNames() {
        Map<String, OnnxWeights.Tensor> weights = OnnxWeights.read(PretrainedEncoder.MINILM_EN.onnxBytes(), "minilm");
        OnnxWeights.Tensor query = weights.get("encoder.layer.5.attention.self.query.weight");
        assertEquals(384, query.dims()[0]);
        OnnxWeights.Tensor intermediate = weights.get("encoder.layer.0.intermediate.dense.weight");
        assertEquals(List.of(384L, 1536L), List.of(intermediate.dims()[0], intermediate.dims()[1]), "[in, out]");
        assertTrue(weights.keySet().stream().noneMatch(name -> name.startsWith("onnx::")), weights.keySet().toString());
    }

    @Test
    void aFileThatIsNotOnnxIsRefusedClearly() {
        DataException e = assertThrows(DataException.class,
                () -> OnnxWeights.read(new byte[] {(byte) 0xff, (byte) 0xff}, "broken.onnx"));
        assertTrue(e.getMessage().startsWith("broken.onnx: "), e.getMessage());
    }
}
