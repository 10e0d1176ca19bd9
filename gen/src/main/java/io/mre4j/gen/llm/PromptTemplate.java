package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat prompt of the GIELLM-style uniform input: the text with its candidate labels and task word (the
 * generative form's source, {@link SlgCodec#encodeSource}), the label and entity-type sets, and optional solved
 * examples as earlier turns of the chat. The wording lives in resources, one file per dialect and language
 * ({@code ner.en.txt}, {@code scnm.ja.txt}, {@code ner.zh.txt}; other languages use English), in sections
 * {@code ### system}, {@code ### user}, {@code ### count.single}, {@code ### count.multi} and {@code ### retry}
 * with {@code {{placeholders}}}.
 */
public final class PromptTemplate {
    private final Map<String, String> sections;
    private final Schema schema;
    private final SlgDialect dialect;

    private PromptTemplate(Map<String, String> sections, Schema schema, SlgDialect dialect) {
        this.sections = sections;
        this.schema = schema;
        this.dialect = dialect;
    }

    /** The template for a language: Japanese uses the SCNM dialect, every other language {@code /NER/}. */
    public static PromptTemplate forLanguage(String lang, Schema schema) {
        SlgDialect dialect = SlgDialect.forLanguage(lang);
        String language = lang == null || lang.isEmpty() ? "en" : lang.split("[-_]")[0];
        String name = dialect.name() + "." + language + ".txt";
        InputStream in = PromptTemplate.class.getResourceAsStream(name);
        if (in == null) {
            name = "ner.en.txt";
            in = PromptTemplate.class.getResourceAsStream(name);
        }
        try (InputStream template = in) {
            return new PromptTemplate(sections(new String(template.readAllBytes(), StandardCharsets.UTF_8), name),
                    schema, dialect);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + name, e);
        }
    }

    private static Map<String, String> sections(String text, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (current != null) {
                    out.put(current, body.toString().strip());
                }
                current = line.substring(4).strip();
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, body.toString().strip());
        }
        for (String needed : List.of("system", "user", "count.single", "count.multi", "retry")) {
            if (!out.containsKey(needed)) {
                throw new IllegalStateException("prompt template " + name + " has no '### " + needed + "' section");
            }
        }
        return out;
    }

    public SlgDialect dialect() {
        return dialect;
    }

    /** The messages for one document, after the solved {@code examples} (each a user turn and its answer). */
    public List<ChatMessage> messages(Document document, List<Document> examples) {
        List<ChatMessage> messages = new ArrayList<>();
        String count = sections.get(schema.multiLabel() ? "count.multi" : "count.single");
        messages.add(ChatMessage.system(fill(sections.get("system"), Map.of("count", count,
                "labels", String.join(", ", schema.textLabels()), "types", String.join(", ", schema.spanLabels())))));
        for (Document example : examples) {
            messages.add(ChatMessage.user(user(example)));
            messages.add(ChatMessage.assistant(answer(example)));
        }
        messages.add(ChatMessage.user(user(document)));
        return messages;
    }

    /** The follow-up turn after an invalid answer, naming what was wrong. */
    public ChatMessage retry(List<String> problems) {
        return ChatMessage.user(fill(sections.get("retry"), Map.of("problems", String.join("; ", problems))));
    }

    private String user(Document d) {
        return fill(sections.get("user"), Map.of("source", SlgCodec.encodeSource(d.text(), schema.textLabels(),
                dialect), "text", d.text()));
    }

    /** A document's gold labels and entities as the JSON answer the prompt asks for. */
    public static String answer(Document d) {
        ObjectNode node = DocumentJson.MAPPER.createObjectNode();
        ArrayNode labels = node.putArray("labels");
        d.labels().forEach(labels::add);
        ArrayNode entities = node.putArray("entities");
        d.sortedSpans().forEach(s -> entities.addObject().put("type", s.label()).put("text", s.surface(d.text())));
        return node.toString();
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return out;
    }
}
