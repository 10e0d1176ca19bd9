package io.mre4j.model.features;

import io.mre4j.core.token.Tokenizers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextNgramsTest {
    private static int[] of(String text, int buckets) {
        return TextNgrams.of(text, Tokenizers.forLanguage("en").tokenize(text), buckets);
    }

    @Test
    void aWordGivesItsUnigramItsBigramAndACharacterTrigramPerCharacter() {
        int[] slots = of("Fly to Boston", 1 << 16);
        assertEquals(3 + 3 + (3 + 2 + 6), slots.length);
        for (int slot : slots) {
            assertTrue(slot >= 1 && slot < 1 << 16, "slot 0 is padding: " + slot);
        }
    }

    @Test
    void slotsDependOnTheNormalisedTextOnly() {
        assertArrayEquals(of("fly to boston at 9", 4096), of("FLY to Boston at 7", 4096));
        assertNotEquals(of("fly to boston", 4096)[5], of("fly from boston", 4096)[5], "the unigrams to and from");
    }

    @Test
    void theHashIsFnv1aAndNeverTheJvms() {
        // 1 + FNV-1a-32("w" + "flight") mod 4095, computed outside Java; saved models depend on it staying so.
        assertEquals(1054, of("flight", 4096)[0]);
    }

    @Test
    void anEmptyTextHasNoFeature() {
        assertEquals(0, of("", 4096).length);
    }
}
