package io.mre4j.core.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.io.LineSource;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generative string form as a source/target pair per line: JSON Lines with {@code id}, {@code lang},
 * {@code source} (the text) and {@code target} (the SLG string, see {@link SlgCodec}). Files end in
 * {@code .slg.jsonl}. Reading grounds entities back to offsets; repeated surfaces may be re-grounded as documented in
 * {@link SlgCodec}.
 */
public final class SlgFormat implements WritableFormat {
    public static final String EXTENSION = ".slg.jsonl";

    @Override
    public String name() {
        return "slg";
    }

    @Override
    public String description() {
        return "generative string form: {id, lang, source, target} per line (.slg.jsonl file)";
    }

    @Override
    public boolean detects(Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(EXTENSION)
                && !Files.isDirectory(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        return new LineRecordReader(LineSource.open(path), (line, source, number) -> parse(line, source, number,
                options));
    }

    private static Document parse(String line, String source, int number, ReadOptions options) {
        JsonNode node;
        try {
            node = DocumentJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DataException(source, number, "invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DataException(source, number, "expected a JSON object");
        }
        String id = text(node, "id", source, number);
        String text = text(node, "source", source, number);
        String target = text(node, "target", source, number);
        JsonNode langNode = node.get("lang");
        String lang = langNode != null && langNode.isTextual() ? langNode.asText() : options.langOr("");
        SlgDialect dialect = SlgDialect.forLanguage(lang);
        try {
            return SlgCodec.decode(Document.unlabelled(id, lang, text), target, dialect);
        } catch (SlgCodec.SyntaxException e) {
            throw new DataException(source, number, "field 'target': " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String source, int number) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new DataException(source, number,
                    value == null ? "missing field '" + field + "'" : "field '" + field + "' must be a string");
        }
        return value.asText();
    }

    @Override
    public DocumentWriter create(Path target, AtomicOutput output) {
        Writer out = output.open(target);
        return d -> {
            ObjectNode node = DocumentJson.MAPPER.createObjectNode();
            node.put("id", d.id());
            node.put("lang", d.lang());
            node.put("source", d.text());
            node.put("target", SlgCodec.encode(d, SlgDialect.forLanguage(d.lang())));
            try {
                out.write(DocumentJson.MAPPER.writeValueAsString(node));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
