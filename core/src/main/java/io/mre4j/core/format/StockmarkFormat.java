package io.mre4j.core.format;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Stockmark Japanese Wikipedia NER data set ({@code ner.json}): one JSON array of
 * {@code {curid, text, entities: [{name, span: [start, end], type}]}}, streamed element by element so that the array
 * is never held whole. Entities become spans labelled with their type; there are no text labels. Several sentences
 * share a Wikipedia page id, so documents are named {@code <curid>-<k>}, k counting that page's earlier sentences.
 */
public final class StockmarkFormat implements DocumentFormat {
    @Override
    public String name() {
        return "stockmark";
    }

    @Override
    public String description() {
        return "Stockmark Japanese Wikipedia NER: a JSON array of {curid, text, entities} (ner.json or *.ner.json)";
    }

    @Override
    public boolean detects(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return (name.equals("ner.json") || name.endsWith(".ner.json")) && Files.isRegularFile(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        JsonInput json = JsonInput.open(path);
        try {
            if (json.next() != JsonToken.START_ARRAY) {
                throw DataException.fatal(json.source(), json.tokenLine(), "expected a JSON array of sentences",
                        null);
            }
        } catch (RuntimeException e) {
            json.close();
            throw e;
        }
        return new Reader(json, options.langOr("ja"));
    }

    private static final class Reader implements DocumentReader {
        private final JsonInput json;
        private final String lang;
        private final Map<String, Integer> sentencesPerPage = new HashMap<>();
        private int line;
        private boolean done;

        Reader(JsonInput json, String lang) {
            this.json = json;
            this.lang = lang;
        }

        @Override
        public Document next() {
            if (done) {
                return null;
            }
            JsonToken token = json.next();
            if (token == null || token == JsonToken.END_ARRAY) {
                done = true;
                if (token == null) {
                    throw DataException.fatal(json.source(), line, "the array is not closed", null);
                }
                json.expectEnd("the array");
                return null;
            }
            line = json.tokenLine();
            return document(json.tree());
        }

        private Document document(JsonNode node) {
            if (!node.isObject()) {
                throw bad("expected an object {curid, text, entities}");
            }
            JsonNode curidNode = node.get("curid");
            if (curidNode == null || !(curidNode.isTextual() || curidNode.isIntegralNumber())
                    || curidNode.asText().isEmpty()) {
                throw bad("field 'curid' must be a non-empty string or an integer");
            }
            String curid = curidNode.asText();
            // Numbered before the record is checked, so that skipping a bad record does not rename the ones after it.
            String id = curid + "-" + (sentencesPerPage.merge(curid, 1, Integer::sum) - 1);
            JsonNode textNode = node.get("text");
            if (textNode == null || !textNode.isTextual()) {
                throw bad("sentence '" + id + "': field 'text' must be a string");
            }
            String text = textNode.asText();
            JsonNode entities = node.get("entities");
            if (entities == null || !entities.isArray()) {
                throw bad("sentence '" + id + "': field 'entities' must be an array");
            }
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < entities.size(); i++) {
                spans.add(span(text, entities.get(i), "sentence '" + id + "': entities[" + i + "]"));
            }
            spans.sort(Span.ORDER);
            return new Document(id, lang, text, List.of(), spans, List.of(), List.of(), Map.of("curid", curid));
        }

        private Span span(String text, JsonNode entity, String where) {
            if (!entity.isObject()) {
                throw bad(where + " must be an object");
            }
            JsonNode name = entity.get("name");
            JsonNode type = entity.get("type");
            JsonNode range = entity.get("span");
            if (name == null || !name.isTextual()) {
                throw bad(where + ": field 'name' must be a string");
            }
            if (type == null || !type.isTextual() || type.asText().isEmpty()) {
                throw bad(where + ": field 'type' must be a non-empty string");
            }
            if (range == null || !range.isArray() || range.size() != 2 || !isInt(range.get(0))
                    || !isInt(range.get(1))) {
                throw bad(where + ": field 'span' must be an array of two integers [start, end]");
            }
            int start = range.get(0).intValue();
            int end = range.get(1).intValue();
            if (start < 0 || end > text.length()) {
                throw bad(where + " [" + start + "," + end + ") is outside the text (length " + text.length() + ")");
            }
            if (start >= end) {
                throw bad(where + " [" + start + "," + end + ") is empty");
            }
            String surface = text.substring(start, end);
            if (!surface.equals(name.asText())) {
                throw bad(where + " name '" + name.asText() + "' does not match the text at [" + start + "," + end
                        + "), which reads '" + surface + "'");
            }
            return new Span(start, end, type.asText());
        }

        private static boolean isInt(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToInt();
        }

        private DataException bad(String detail) {
            return new DataException(json.source(), line, detail);
        }

        @Override
        public String source() {
            return json.source();
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public void close() {
            json.close();
        }
    }
}
