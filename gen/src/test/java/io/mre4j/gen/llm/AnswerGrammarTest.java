package io.mre4j.gen.llm;

import io.mre4j.core.doc.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerGrammarTest {
    private static final Schema FLIGHTS = new Schema("atis", List.of("en"), false, List.of("flight", "airfare"),
            List.of("from", "to"), null, null, false);

    @Test
    void admitsSchemaLabelsAndEntitiesCopiedFromWholeTokens() {
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(FLIGHTS, "fly from boston to new york", "en"));
        assertTrue(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"from\", \"text\": \"boston\"}, "
                + "{\"type\": \"to\", \"text\": \"new york\"}]}"));
        assertTrue(g.accepts("{\"labels\":[\"airfare\"],\"entities\":[]}"), "compact JSON, no entity");
        assertTrue(g.accepts("{\n  \"labels\": [\"flight\"],\n  \"entities\": []\n}\n"), "a little white space");
    }

    @Test
    void refusesWhatTheSchemaOrTheTextDoesNotHold() {
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(FLIGHTS, "fly from boston to new york", "en"));
        assertFalse(g.accepts("{\"labels\": [\"hotel\"], \"entities\": []}"), "label outside the schema");
        assertFalse(g.accepts("{\"labels\": [\"flight\", \"airfare\"], \"entities\": []}"), "two labels, single-label");
        assertFalse(g.accepts("{\"labels\": [], \"entities\": []}"), "no label for a text-level task");
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"via\", \"text\": \"boston\"}]}"),
                "type outside the schema");
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"to\", \"text\": \"chicago\"}]}"),
                "invented entity");
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"to\", \"text\": \"bost\"}]}"),
                "part of a token");
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"to\", \"text\": \"york new\"}]}"),
                "tokens out of order");
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": []}      "), "white space is bounded");
    }

    @Test
    void multiLabelTasksTakeSeveralLabels() {
        Schema aspects = new Schema("semeval", List.of("en"), true, List.of("food", "service", "price"),
                List.of("aspect"), null, null, false);
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(aspects, "great food, slow service", "en"));
        assertTrue(g.accepts("{\"labels\": [\"food\", \"service\"], \"entities\": [{\"type\": \"aspect\", "
                + "\"text\": \"food\"}, {\"type\": \"aspect\", \"text\": \"slow service\"}]}"));
        assertTrue(g.accepts("{\"labels\": [\"food\"], \"entities\": [{\"type\": \"aspect\", \"text\": "
                + "\"food, slow\"}]}"), "a span keeps the text's own separators");
        assertFalse(g.accepts("{\"labels\": [\"food\"], \"entities\": [{\"type\": \"aspect\", \"text\": "
                + "\"food slow\"}]}"), "but not others");
    }

    @Test
    void quotesBackslashesAndSeparatorsAreEscapedTwice() {
        Schema quotes = new Schema("q", List.of("en"), false, List.of("say"), List.of("quote", "path"), null, null,
                false);
        String text = "say \"hi\" to C:\\dir";
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(quotes, text, "en"));
        assertTrue(g.accepts("{\"labels\": [\"say\"], \"entities\": [{\"type\": \"quote\", \"text\": \"\\\"hi\\\"\"}]}"),
                "the entity \"hi\" with its quotes, as JSON writes it");
        assertFalse(g.accepts("{\"labels\": [\"say\"], \"entities\": [{\"type\": \"quote\", \"text\": \"\"hi\"\"}]}"),
                "unescaped quotes are not JSON");
    }

    @Test
    void japaneseSpansFollowKuromojiTokens() {
        Schema ja = new Schema("ja", List.of("ja"), false, List.of("positive", "negative"), List.of("aspect"), null,
                null, false);
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(ja, "売上高は増加した。", "ja"));
        assertTrue(g.accepts("{\"labels\": [\"positive\"], \"entities\": [{\"type\": \"aspect\", \"text\": \"売上高\"}]}"));
        assertFalse(g.accepts("{\"labels\": [\"positive\"], \"entities\": [{\"type\": \"aspect\", \"text\": \"利益\"}]}"));
    }

    @Test
    void aTaskWithoutSpanLabelsOrAnEmptyTextAdmitsNoEntity() {
        GbnfMatcher g = new GbnfMatcher(AnswerGrammar.gbnf(FLIGHTS, "   ", "en"));
        assertTrue(g.accepts("{\"labels\": [\"flight\"], \"entities\": []}"));
        assertFalse(g.accepts("{\"labels\": [\"flight\"], \"entities\": [{\"type\": \"to\", \"text\": \"\"}]}"));
    }
}
