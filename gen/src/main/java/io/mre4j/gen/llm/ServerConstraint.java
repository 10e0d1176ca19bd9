package io.mre4j.gen.llm;

import java.util.Locale;

/** How the answer's constraint reaches the LLM server. Answers are validated and repaired whichever is chosen. */
public enum ServerConstraint {
    /** A JSON schema with the label and type enums: OpenAI's {@code response_format}, Ollama's {@code format}. */
    SCHEMA,
    /**
     * A GBNF grammar in the request's {@code grammar} field (llama.cpp's server): the schema's labels and types, and
     * entity texts copied from the input's tokens ({@link AnswerGrammar}).
     */
    GRAMMAR,
    /** Nothing: the server answers freely. */
    NONE;

    public static ServerConstraint parse(String name) {
        for (ServerConstraint c : values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("server constraint must be schema, grammar or none, not '" + name + "'");
    }
}
