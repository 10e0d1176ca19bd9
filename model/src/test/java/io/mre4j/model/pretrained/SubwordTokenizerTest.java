package io.mre4j.model.pretrained;

import io.mre4j.core.DataException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubwordTokenizerTest {
    @Test
    void everyWordMapsToItsFirstSubword() {
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(PretrainedEncoder.MINILM_EN)) {
            List<String> words = List.of("Flights", "to", "Tokyo", "tomorrow", "!");
            SubwordTokenizer.Subwords subwords = tokenizer.encode(words, 64);
            assertEquals(101, subwords.ids()[0], "[CLS] first");
            assertEquals(102, subwords.ids()[subwords.length() - 1], "[SEP] last");
            assertEquals(1, subwords.firstSubword()[0]);
            for (int w = 1; w < words.size(); w++) {
                assertEquals(subwords.firstSubword()[w - 1] + subwords.subwordCount()[w - 1],
                        subwords.firstSubword()[w], "word " + w + " follows the previous word's subwords");
            }
            int total = 2;
            for (int count : subwords.subwordCount()) {
                assertTrue(count >= 1);
                total += count;
            }
            assertEquals(subwords.length(), total);
        }
    }

    @Test
    void truncationKeepsTheClosingTokenAndMarksLostWords() {
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(PretrainedEncoder.MINILM_EN)) {
            SubwordTokenizer.Subwords subwords = tokenizer.encode(List.of("a", "b", "c", "d"), 4);
            assertEquals(4, subwords.length());
            assertEquals(102, subwords.ids()[3]);
            assertArrayEquals(new int[] {1, 2, -1, -1}, subwords.firstSubword());
        }
    }

    @Test
    void chineseCharactersAreOneSubwordEach() {
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(PretrainedEncoder.BGE_SMALL_ZH)) {
            SubwordTokenizer.Subwords subwords = tokenizer.encode(List.of("我", "想", "听", "歌"), 16);
            assertArrayEquals(new int[] {1, 2, 3, 4}, subwords.firstSubword());
            assertEquals(6, subwords.length());
        }
    }

    @Test
    void unknownEncoderNamesTheKnownOnes() {
        DataException e = assertThrows(DataException.class, () -> PretrainedEncoder.parse("bert-large"));
        assertTrue(e.getMessage().contains("minilm-en") && e.getMessage().contains("bge-small-zh"), e.getMessage());
    }

    @Test
    void onnxRuntimeGivesOneHiddenStatePerSubword() {
        try (SubwordTokenizer tokenizer = SubwordTokenizer.open(PretrainedEncoder.MINILM_EN);
             OnnxEncoder onnx = OnnxEncoder.open(PretrainedEncoder.MINILM_EN, 1)) {
            SubwordTokenizer.Subwords shortText = tokenizer.encode(List.of("hello"), 16);
            SubwordTokenizer.Subwords longText = tokenizer.encode(List.of("flights", "from", "boston"), 16);
            float[][][] batch = onnx.hiddenStates(List.of(shortText, longText));
            float[][][] alone = onnx.hiddenStates(List.of(shortText));
            assertEquals(shortText.length(), batch[0].length);
            assertEquals(longText.length(), batch[1].length);
            assertEquals(384, batch[0][0].length);
            for (int i = 0; i < shortText.length(); i++) {
                for (int h = 0; h < 384; h++) {
                    assertEquals(alone[0][i][h], batch[0][i][h], 1e-4, "padding must not change a text's states");
                }
            }
        }
    }

    @Test
    void weightsChecksumIsStable() {
        String digest = PretrainedEncoder.MINILM_EN.sha256();
        assertEquals(64, digest.length());
        assertEquals(digest, PretrainedEncoder.MINILM_EN.sha256());
    }
}
