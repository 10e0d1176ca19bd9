package io.mre4j.core.token;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizersTest {
    private static List<String> surfaces(String lang, String text) {
        return Tokenizers.forLanguage(lang).tokenize(text).stream().map(t -> t.surface(text)).toList();
    }

    @Test
    void englishKeepsPunctuationAsTokensAndNumbersWhole() {
        assertEquals(List.of("Fly", "to", "St", ".", "Louis", ",", "3.5", "hours", "!"),
                surfaces("en", "Fly to St. Louis, 3.5 hours!"));
    }

    @Test
    void englishSplitsCliticsOffTheirWord() {
        assertEquals(List.of("Fitzgerald", "'s", "goal", ",", "do", "n't", "we", "'re", "here"),
                surfaces("en", "Fitzgerald's goal, don't we're here"));
    }

    @Test
    void englishOffsetsPointIntoTheText() {
        String text = "  two  words ";
        List<Token> tokens = Tokenizers.forLanguage("en").tokenize(text);
        assertEquals(List.of(new Token(2, 5), new Token(7, 12)), tokens);
    }

    @Test
    void chineseIsOneTokenPerCharacterWithoutWhitespace() {
        assertEquals(List.of("我", "想", "听", "歌", "A"), surfaces("zh", "我想 听歌A"));
    }

    @Test
    void aCharacterOutsideTheBmpIsOneTokenOfTwoUnits() {
        String text = "a\uD840\uDC0Bb";
        List<Token> tokens = Tokenizers.forLanguage("zh").tokenize(text);
        assertEquals(List.of(new Token(0, 1), new Token(1, 3), new Token(3, 4)), tokens);
    }

    @Test
    void japaneseUsesKuromojiWithPartOfSpeechAndKeepsPunctuation() {
        String text = "東京で会議が開かれた。";
        List<Token> tokens = Tokenizers.forLanguage("ja").tokenize(text);
        List<String> words = tokens.stream().map(t -> t.surface(text)).toList();
        assertEquals(List.of("東京", "で", "会議", "が", "開か", "れ", "た", "。"), words);
        assertTrue(tokens.get(0).pos().startsWith("名詞"), tokens.get(0).pos());
        assertTrue(tokens.get(7).pos().startsWith("記号"), tokens.get(7).pos());
    }

    @Test
    void japaneseDropsWhitespace() {
        List<String> words = surfaces("ja", "今日 の 午後");
        assertFalse(words.stream().anyMatch(String::isBlank), words.toString());
        assertEquals("今日の午後", String.join("", words));
    }

    @Test
    void regionalCodesUseTheBaseLanguage() {
        assertEquals("char", Tokenizers.forLanguage("zh-TW").name());
        assertEquals("kuromoji", Tokenizers.forLanguage("ja_JP").name());
        assertEquals("unicode-words", Tokenizers.forLanguage("fr").name());
    }
}
