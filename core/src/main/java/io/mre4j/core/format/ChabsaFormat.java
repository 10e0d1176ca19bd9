package io.mre4j.core.format;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * chABSA (Japanese aspect-based sentiment on annual securities reports): one JSON file per company
 * ({@code e00024_ann.json}), or a directory of them read in file-name order. Each sentence is a document with id
 * {@code <document_id>-<sentence_id>}. Its opinions become spans labelled with their polarity; chABSA lists one target
 * once per category, so opinions on the same range merge into one span, labelled {@code conflict} when their
 * polarities differ. The text label is derived from the opinions' polarities by {@link #sentenceLabel}, because
 * chABSA has no sentence-level sentiment of its own; the original opinions stay in {@code meta.opinions}.
 */
public final class ChabsaFormat implements DocumentFormat {
    static final String SUFFIX = "_ann.json";
    private static final Set<String> POLARITIES = Set.of("positive", "negative", "neutral");

    @Override
    public String name() {
        return "chabsa";
    }

    @Override
    public String description() {
        return "chABSA company JSON (*_ann.json file, or a directory of them): opinions as spans, derived "
                + "sentence polarity as label";
    }

    @Override
    public boolean detects(Path path) {
        if (Files.isDirectory(path)) {
            return !files(path).isEmpty();
        }
        return path.getFileName() != null && path.getFileName().toString().endsWith(SUFFIX)
                && Files.isRegularFile(path);
    }

    @Override
    public DocumentReader open(Path path, ReadOptions options) {
        if (!Files.exists(path)) {
            throw DataException.fatal(path.toString(), 0, "no such file or directory", null);
        }
        List<Path> files = Files.isDirectory(path) ? files(path) : List.of(path);
        if (files.isEmpty()) {
            throw DataException.fatal(path.toString(), 0, "no *" + SUFFIX + " files in this directory", null);
        }
        return new Reader(files.iterator(), options.langOr("ja"));
    }

    /** The {@code *_ann.json} files of a directory, sorted by name. */
    private static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw DataException.fatal(dir.toString(), 0, "cannot list: " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /**
     * The sentence's sentiment from the polarities of its opinions: {@code none} without opinions, {@code mixed}
     * when both positive and negative occur, else {@code positive} or {@code negative} when either occurs (neutral
     * opinions beside them do not change it), else {@code neutral}.
     */
    static String sentenceLabel(Collection<String> polarities) {
        boolean positive = polarities.contains("positive");
        boolean negative = polarities.contains("negative");
        if (polarities.isEmpty()) {
            return "none";
        }
        if (positive && negative) {
            return "mixed";
        }
        return positive ? "positive" : negative ? "negative" : "neutral";
    }

    private record Sentence(int line, JsonNode node) {
    }

    private static final class Reader implements DocumentReader {
        private final Iterator<Path> files;
        private final String lang;
        private final Deque<Sentence> pending = new ArrayDeque<>();
        private String source;
        private int line;
        private String documentId;
        private Map<String, Object> companyMeta;

        Reader(Iterator<Path> files, String lang) {
            this.files = files;
            this.lang = lang;
        }

        @Override
        public Document next() {
            while (pending.isEmpty()) {
                if (!files.hasNext()) {
                    return null;
                }
                load(files.next());
            }
            Sentence sentence = pending.poll();
            line = sentence.line();
            return document(sentence.node());
        }

        /** Parses one company file; its sentences wait in {@link #pending} with the line each starts on. */
        private void load(Path file) {
            source = file.toString();
            line = 0;
            JsonNode header = null;
            int headerLine = 1;
            boolean sawSentences = false;
            try (JsonInput json = JsonInput.open(file)) {
                if (json.next() != JsonToken.START_OBJECT) {
                    throw DataException.fatal(source, json.tokenLine(),
                            "expected a JSON object with 'header' and 'sentences'", null);
                }
                for (JsonToken token = json.next(); token == JsonToken.FIELD_NAME; token = json.next()) {
                    String field = json.fieldName();
                    JsonToken value = json.next();
                    if ("header".equals(field)) {
                        headerLine = json.tokenLine();
                        header = json.tree();
                    } else if ("sentences".equals(field)) {
                        if (value != JsonToken.START_ARRAY) {
                            throw DataException.fatal(source, json.tokenLine(), "'sentences' must be an array", null);
                        }
                        sawSentences = true;
                        JsonToken element = json.next();
                        for (; element != null && element != JsonToken.END_ARRAY; element = json.next()) {
                            pending.add(new Sentence(json.tokenLine(), json.tree()));
                        }
                    } else {
                        json.skipValue();
                    }
                }
                json.expectEnd("the top-level object");
            }
            if (!sawSentences) {
                throw DataException.fatal(source, 1, "missing field 'sentences'", null);
            }
            readHeader(header, headerLine);
        }

        private void readHeader(JsonNode header, int headerLine) {
            if (header == null || !header.isObject()) {
                throw DataException.fatal(source, headerLine, header == null ? "missing field 'header'"
                        : "field 'header' must be an object", null);
            }
            JsonNode id = header.get("document_id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw DataException.fatal(source, headerLine, "field 'header.document_id' must be a non-empty string",
                        null);
            }
            documentId = id.asText();
            companyMeta = new LinkedHashMap<>();
            JsonNode company = header.get("document_name");
            if (company != null && company.isTextual()) {
                companyMeta.put("company", company.asText());
            }
            JsonNode category17 = header.get("category17");
            if (category17 != null && category17.isTextual()) {
                companyMeta.put("category17", category17.asText());
            }
        }

        private Document document(JsonNode node) {
            if (!node.isObject()) {
                throw bad("expected a sentence object");
            }
            JsonNode sentenceId = node.get("sentence_id");
            if (sentenceId == null || !(sentenceId.isIntegralNumber() || sentenceId.isTextual())) {
                throw bad("field 'sentence_id' must be an integer or a string");
            }
            String id = documentId + "-" + sentenceId.asText();
            String text = string(node, "sentence", "sentence '" + id + "'");
            JsonNode opinions = node.get("opinions");
            if (opinions == null || !opinions.isArray()) {
                throw bad("sentence '" + id + "': field 'opinions' must be an array");
            }
            List<Object> originals = new ArrayList<>();
            List<String> polarities = new ArrayList<>();
            Map<List<Integer>, String> merged = new LinkedHashMap<>();
            for (int i = 0; i < opinions.size(); i++) {
                String where = "sentence '" + id + "': opinions[" + i + "]";
                JsonNode opinion = opinions.get(i);
                if (!opinion.isObject()) {
                    throw bad(where + " must be an object");
                }
                String target = string(opinion, "target", where);
                String category = string(opinion, "category", where);
                String polarity = string(opinion, "polarity", where);
                if (!POLARITIES.contains(polarity)) {
                    throw bad(where + " has polarity '" + polarity + "' (expected positive, negative or neutral)");
                }
                int from = integer(opinion, "from", where);
                int to = integer(opinion, "to", where);
                if (from < 0 || to > text.length()) {
                    throw bad(where + " [" + from + "," + to + ") is outside the sentence (length "
                            + text.length() + ")");
                }
                if (from >= to) {
                    throw bad(where + " [" + from + "," + to + ") is empty");
                }
                String surface = text.substring(from, to);
                if (!surface.equals(target)) {
                    throw bad(where + " target '" + target + "' does not match the sentence at [" + from + "," + to
                            + "), which reads '" + surface + "'");
                }
                Map<String, Object> original = new LinkedHashMap<>();
                original.put("start", from);
                original.put("end", to);
                original.put("target", target);
                original.put("category", category);
                original.put("polarity", polarity);
                originals.add(original);
                polarities.add(polarity);
                merged.merge(List.of(from, to), polarity, (a, b) -> a.equals(b) ? a : "conflict");
            }
            List<Span> spans = new ArrayList<>();
            merged.forEach((range, label) -> spans.add(new Span(range.get(0), range.get(1), label)));
            spans.sort(Span.ORDER);
            Map<String, Object> meta = new LinkedHashMap<>(companyMeta);
            meta.put("opinions", originals);
            return new Document(id, lang, text, List.of(sentenceLabel(polarities)), spans, List.of(), List.of(),
                    meta);
        }

        private String string(JsonNode node, String field, String where) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw bad(where + ": field '" + field + "' must be a string");
            }
            return value.asText();
        }

        private int integer(JsonNode node, String field, String where) {
            JsonNode value = node.get(field);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
                throw bad(where + ": field '" + field + "' must be an integer");
            }
            return value.intValue();
        }

        private DataException bad(String detail) {
            return new DataException(source, line, detail);
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public void close() {
            // Each file is closed as soon as it is parsed.
        }
    }
}
