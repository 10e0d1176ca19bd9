package io.mre4j.model.fewshot;

import io.mre4j.model.pretrained.PretrainedEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mre4j.model.fewshot.PretrainedTextEmbedder.Pooling.CLS;
import static io.mre4j.model.fewshot.PretrainedTextEmbedder.Pooling.MEAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainedTextEmbedderTest {
    private static PretrainedTextEmbedder english;

    @BeforeAll
    static void open() {
        english = PretrainedTextEmbedder.open(PretrainedEncoder.MINILM_EN, 1);
    }

    @AfterAll
    static void close() {
        english.close();
    }

    @Test
    void englishSentencesAreUnitVectorsAndParaphrasesAreClosest() {
        float[][] v = english.embed(List.of("book a table for two tonight",
                "reserve a restaurant table for two people", "will it rain in london tomorrow"));
        for (float[] x : v) {
            assertEquals(384, x.length);
            assertEquals(1.0, Vectors.dot(x, x), 1e-5);
        }
        assertTrue(Vectors.dot(v[0], v[1]) > Vectors.dot(v[0], v[2]) + 0.2,
                Vectors.dot(v[0], v[1]) + " vs " + Vectors.dot(v[0], v[2]));
        assertTrue(english.describe().startsWith("minilm-en (mean pooling"), english.describe());
    }

    @Test
    void anEmbeddingIsTheSameAloneOrInABatchAndCached() {
        float[] alone = english.embed(List.of("play some jazz"))[0];
        assertSame(alone, english.embed(List.of("play some jazz"))[0], "cached");
        english.clearCache();
        float[][] batch = english.embed(List.of("a much longer text that pads the short one in its batch",
                "play some jazz"));
        assertArrayEquals(alone, batch[1], 1e-5f);
    }

    @Test
    void chineseUsesClsPooling() {
        assertEquals(CLS, PretrainedTextEmbedder.poolingOf(PretrainedEncoder.BGE_SMALL_ZH));
        assertEquals(MEAN, PretrainedTextEmbedder.poolingOf(PretrainedEncoder.MINILM_EN));
        float[][] states = {{3, 4}, {0, 10}};
        assertArrayEquals(new float[] {0.6f, 0.8f}, PretrainedTextEmbedder.pool(states, CLS), 1e-6f);
        // Mean (1.5, 7) normalised.
        double n = Math.hypot(1.5, 7);
        assertArrayEquals(new float[] {(float) (1.5 / n), (float) (7 / n)},
                PretrainedTextEmbedder.pool(states, MEAN), 1e-6f);
        try (PretrainedTextEmbedder embedder = PretrainedTextEmbedder.open(PretrainedEncoder.BGE_SMALL_ZH, 1)) {
            float[][] v = embedder.embed(List.of("我想听周杰伦的歌", "播放周杰伦的音乐", "明天北京天气怎么样"));
            assertEquals(512, v[0].length);
            assertTrue(Vectors.dot(v[0], v[1]) > Vectors.dot(v[0], v[2]),
                    Vectors.dot(v[0], v[1]) + " vs " + Vectors.dot(v[0], v[2]));
        }
    }
}
