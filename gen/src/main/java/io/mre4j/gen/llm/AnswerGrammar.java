package io.mre4j.gen.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.token.Token;
import io.mre4j.core.token.Tokenizers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The answer's constraint as a GBNF grammar (llama.cpp's grammar format, sent in its server's {@code grammar} request
 * field), written for one input text. It admits exactly the JSON of {@link AnswerSchema} (keys in that order), with one
 * more guarantee a JSON schema cannot give: an entity's text is a run of whole tokens copied from the input, with the
 * input's own separators between them. So the server can only answer labels and types from the schema and grounded
 * entities, which is DESIGN §4's constraint mechanism at the server; {@link AnswerRepair} still checks the answer.
 *
 * <p>The span rules are linear in the text's length: rule {@code tI} is token {@code I}, optionally followed by the
 * separator after it and rule {@code t(I+1)}; an entity's text is any {@code tI}. Tokens come from mre4j's tokenizer of
 * the text's language (Kuromoji for Japanese, characters for Chinese), so spans start and end where mre4j's taggers
 * can. White space between JSON items is limited to three characters, so a model cannot pad forever.
 */
public final class AnswerGrammar {
    private AnswerGrammar() {
    }

    /** The grammar for answers about {@code text} (in language {@code lang}) under {@code schema}. */
    public static String gbnf(Schema schema, String text, String lang) {
        StringBuilder g = new StringBuilder();
        g.append("root ::= \"{\" ws ").append(literal("\"labels\"")).append(" ws \":\" ws labels ws \",\" ws ")
                .append(literal("\"entities\"")).append(" ws \":\" ws entities ws \"}\" ws\n");
        if (!schema.hasTextLevel() || schema.textLabels().isEmpty()) {
            g.append("labels ::= \"[\" ws \"]\"\n");
        } else {
            g.append(schema.multiLabel() ? "labels ::= \"[\" ws label (ws \",\" ws label)* ws \"]\"\n"
                    : "labels ::= \"[\" ws label ws \"]\"\n");
            g.append("label ::= ").append(alternatives(schema.textLabels())).append('\n');
        }
        List<Token> tokens = Tokenizers.forLanguage(lang == null || lang.isEmpty() ? "en" : lang).tokenize(text);
        if (schema.spanLabels().isEmpty() || tokens.isEmpty()) {
            g.append("entities ::= \"[\" ws \"]\"\n");
        } else {
            g.append("entities ::= \"[\" ws \"]\" | \"[\" ws entity (ws \",\" ws entity)* ws \"]\"\n");
            g.append("entity ::= \"{\" ws ").append(literal("\"type\"")).append(" ws \":\" ws type ws \",\" ws ")
                    .append(literal("\"text\"")).append(" ws \":\" ws \"\\\"\" span \"\\\"\" ws \"}\"\n");
            g.append("type ::= ").append(alternatives(schema.spanLabels())).append('\n');
            g.append("span ::= ");
            for (int i = 0; i < tokens.size(); i++) {
                g.append(i == 0 ? "" : " | ").append('t').append(i);
            }
            g.append('\n');
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                g.append('t').append(i).append(" ::= ").append(literal(jsonContent(token.surface(text))));
                if (i + 1 < tokens.size()) {
                    String separator = text.substring(token.end(), tokens.get(i + 1).start());
                    g.append(" (");
                    if (!separator.isEmpty()) {
                        g.append(literal(jsonContent(separator))).append(' ');
                    }
                    g.append('t').append(i + 1).append(")?");
                }
                g.append('\n');
            }
        }
        g.append("ws ::= ([ \\t\\n] ([ \\t\\n] ([ \\t\\n])?)?)?\n");
        return g.toString();
    }

    /** {@code "a" | "b"}: each value as a JSON string, as a GBNF literal. */
    private static String alternatives(List<String> values) {
        return values.stream().map(v -> literal("\"" + jsonContent(v) + "\"")).collect(Collectors.joining(" | "));
    }

    /** How {@code s} is written inside a JSON string (quotes, backslashes and control characters escaped). */
    static String jsonContent(String s) {
        try {
            String quoted = DocumentJson.MAPPER.writeValueAsString(s);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GBNF string literal matching exactly {@code s}. */
    static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
