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
        LineSource lines = LineSource.open(path);
        return new DocumentReader() {
            @Override
            public Document next() {
                String line;
                do {
                    line = lines.next();
                } while (line != null && line.isBlank());
                return line == null ? null : parse(line, lines, options);
            }

            @Override
            public String source() {
                return lines.name();
            }

            @Override
            public int line() {
                return lines.line();
            }

            @Override
            public void close() {
                lines.close();
            }
        };
    }

    private static Document parse(String line, LineSource lines, ReadOptions options) {
        JsonNode node;
        try {
            node = DocumentJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DataException(lines.name(), lines.line(), "invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DataException(lines.name(), lines.line(), "expected a JSON object");
        }
        String id = text(node, "id", lines);
        String source = text(node, "source", lines);
        String target = text(node, "target", lines);
        JsonNode langNode = node.get("lang");
        String lang = langNode != null && langNode.isTextual() ? langNode.asText() : options.langOr("");
        SlgDialect dialect = SlgDialect.forLanguage(lang);
        try {
            return SlgCodec.decode(Document.unlabelled(id, lang, source), target, dialect);
        } catch (SlgCodec.SyntaxException e) {
            throw new DataException(lines.name(), lines.line(), "field 'target': " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, LineSource lines) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new DataException(lines.name(), lines.line(),
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
