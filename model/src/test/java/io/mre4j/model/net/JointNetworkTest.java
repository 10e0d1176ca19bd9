package io.mre4j.model.net;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.mre4j.model.Djl;
import io.mre4j.model.Mode;
import io.mre4j.model.features.TextHead;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class JointNetworkTest {
    /** Character features see a token's own characters only: padding changes nothing, and no characters give 0. */
    @Test
    void characterFeaturesIgnorePadding() {
        Engine engine = Djl.engine(1);
        try (Model model = Model.newInstance("t", engine.defaultDevice(), engine.getEngineName())) {
            JointNetwork network = new JointNetwork(new JointNetwork.Dimensions(Mode.JOINT, TextHead.SOFTMAX, 10, 10,
                    4, 3, 5, 4, 2, 2, 3, 0f));
            model.setBlock(network);
            NDManager manager = model.getNDManager();
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
            ParameterStore store = new ParameterStore(manager, false);
            float[] short1 = network.characterFeatures(store, manager.create(new long[] {5, 6}, new Shape(1, 2)),
                    false).toFloatArray();
            NDArray padded = network.characterFeatures(store,
                    manager.create(new long[] {5, 6, 0, 0, 0, 0, 0, 0}, new Shape(2, 4)), false);
            float[] both = padded.toFloatArray();
            float[] first = java.util.Arrays.copyOfRange(both, 0, 5);
            float[] empty = java.util.Arrays.copyOfRange(both, 5, 10);
            assertArrayEquals(short1, first, 1e-6f);
            assertArrayEquals(new float[5], empty, 0f);
        }
    }
}
