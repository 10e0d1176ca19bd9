package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns whatever an LLM answered into a document that always parses and whose every span is grounded in the text,
 * counting each repair. An answer is read as JSON ({@code {"labels": [...], "entities": [{"type": ..., "text": ...}]}},
 * also inside a Markdown code fence or prose) or, failing that, as the generative string form
 * ({@code <label>/NER/:type;entity...}, see {@link SlgCodec}).
 * <ul>
 *   <li><b>Labels</b> outside the schema are dropped; a label that differs from a schema label only in case is taken
 *       as that label. A single-label task keeps the first valid label; repeats are dropped.</li>
 *   <li><b>Entities</b> of a type outside the schema are dropped. An entity is grounded left to right: at the first
 *       occurrence of its exact text at or after the previous entity's start that no other entity has taken,
 *       preferring one on word boundaries (the codec's rule for repeated surfaces). With no exact occurrence, a
 *       <em>near miss</em> is looked for under a normalisation (Unicode NFKC, so full-width and half-width forms
 *       match; lower case; runs of white space as one space), and the span is the original text it covers. An entity
 *       found neither way is dropped.</li>
 * </ul>
 */
public final class AnswerRepair {
    private final Schema schema;
    private final SlgDialect dialect;

    /** What was repaired in one answer, or in many added up. */
    public record Counts(int answers, int malformed, int labelsKept, int labelsRecased, int labelsDropped,
                         int entitiesExact, int entitiesNearMiss, int entitiesDropped) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        public Counts plus(Counts o) {
            return new Counts(answers + o.answers, malformed + o.malformed, labelsKept + o.labelsKept,
                    labelsRecased + o.labelsRecased, labelsDropped + o.labelsDropped, entitiesExact + o.entitiesExact,
                    entitiesNearMiss + o.entitiesNearMiss, entitiesDropped + o.entitiesDropped);
        }

        /** Whether the answer needed no repair at all. */
        public boolean clean() {
            return malformed == 0 && labelsRecased == 0 && labelsDropped == 0 && entitiesNearMiss == 0
                    && entitiesDropped == 0;
        }
    }

    /**
     * The repaired document, the counts, and what was wrong (for the retry prompt: "your answer ... was not valid
     * because ...").
     */
    public record Result(Document document, Counts counts, List<String> problems) {
    }

    public AnswerRepair(Schema schema, SlgDialect dialect) {
        this.schema = schema;
        this.dialect = dialect;
    }

    /** Repairs an answer for {@code input}'s text; the result keeps the input's id, language and metadata. */
    public Result repair(Document input, String answer) {
        List<String> problems = new ArrayList<>();
        Parsed parsed = parseJson(answer);
        if (parsed == null) {
            parsed = parseStringForm(answer);
        }
        boolean malformed = parsed == null;
        if (malformed) {
            problems.add("the answer is neither the JSON object asked for nor the string form");
            parsed = new Parsed(List.of(), List.of());
        }
        int kept = 0;
        int recased = 0;
        int dropped = 0;
        Set<String> labels = new LinkedHashSet<>();
        for (String raw : parsed.labels()) {
            String label = schemaLabel(raw);
            if (label == null) {
                dropped++;
                problems.add("'" + raw + "' is not one of the labels " + schema.textLabels());
            } else if (labels.contains(label) || (!schema.multiLabel() && !labels.isEmpty())) {
                dropped++;
                problems.add(schema.multiLabel() ? "'" + raw + "' is repeated" : "only one label may be given");
            } else {
                labels.add(label);
                kept++;
                recased += label.equals(raw) ? 0 : 1;
            }
        }
        if (labels.isEmpty() && schema.hasTextLevel()) {
            problems.add("no valid label was given");
        }
        Grounder grounder = new Grounder(input.text());
        List<Span> spans = new ArrayList<>();
        int exact = 0;
        int near = 0;
        int lost = 0;
        for (String[] entity : parsed.entities()) {
            String type = entity[0];
            String surface = entity[1].strip();
            if (!schema.spanLabels().contains(type)) {
                lost++;
                problems.add("'" + type + "' is not one of the entity types " + schema.spanLabels());
                continue;
            }
            Span span = surface.isEmpty() ? null : grounder.exact(surface, type);
            if (span != null) {
                exact++;
            } else {
                span = surface.isEmpty() ? null : grounder.nearMiss(surface, type);
                if (span == null) {
                    lost++;
                    problems.add("'" + surface + "' does not occur in the text");
                    continue;
                }
                near++;
            }
            if (!spans.contains(span)) {
                spans.add(span);
            }
        }
        spans.sort(Span.ORDER);
        Document document = new Document(input.id(), input.lang(), input.text(), List.copyOf(labels), spans, List.of(),
                List.of(), input.meta());
        return new Result(document, new Counts(1, malformed ? 1 : 0, kept, recased, dropped, exact, near, lost),
                problems);
    }

    private String schemaLabel(String raw) {
        String trimmed = raw.strip();
        if (schema.textLabels().contains(trimmed)) {
            return trimmed;
        }
        for (String label : schema.textLabels()) {
            if (label.equalsIgnoreCase(trimmed)) {
                return label;
            }
        }
        return null;
    }

    private record Parsed(List<String> labels, List<String[]> entities) {
    }

    /** The JSON object of the answer: the outermost braces, so that code fences and prose around them are ignored. */
    private static Parsed parseJson(String answer) {
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open < 0 || close < open) {
            return null;
        }
        JsonNode node;
        try {
            node = DocumentJson.MAPPER.readTree(answer.substring(open, close + 1));
        } catch (Exception e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        JsonNode l = node.has("labels") ? node.get("labels") : node.get("label");
        if (l != null && l.isArray()) {
            l.forEach(x -> labels.add(x.asText()));
        } else if (l != null && l.isValueNode()) {
            labels.add(l.asText());
        }
        List<String[]> entities = new ArrayList<>();
        JsonNode e = node.get("entities");
        if (e != null && e.isArray()) {
            for (JsonNode entity : e) {
                if (entity.isObject() && entity.hasNonNull("type") && entity.hasNonNull("text")) {
                    entities.add(new String[] {entity.get("type").asText(), entity.get("text").asText()});
                }
            }
        }
        if (l == null && e == null) {
            return null;
        }
        return new Parsed(labels, entities);
    }

    /** The string form, read leniently: labels in angle brackets, then {@code :type;entity} items. */
    private Parsed parseStringForm(String answer) {
        int at = answer.indexOf('<');
        if (at < 0) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        String s = answer.substring(at).strip();
        int pos = 0;
        while (pos < s.length() && s.charAt(pos) == '<') {
            int end = unescaped(s, pos + 1, '>');
            if (end < 0) {
                break;
            }
            labels.add(unescape(s.substring(pos + 1, end)));
            pos = end + 1;
        }
        if (labels.isEmpty()) {
            return null;
        }
        String rest = s.substring(pos).strip();
        if (rest.startsWith(dialect.taskWord())) {
            rest = rest.substring(dialect.taskWord().length());
        }
        List<String[]> entities = new ArrayList<>();
        int i = unescaped(rest, 0, ':');
        while (i >= 0) {
            int next = unescaped(rest, i + 1, ':');
            String item = rest.substring(i + 1, next < 0 ? rest.length() : next);
            int semicolon = unescaped(item, 0, ';');
            if (semicolon > 0) {
                String type = unescape(item.substring(0, semicolon));
                String surface = unescape(item.substring(semicolon + 1));
                if (!(type.equals(dialect.noneMarker()) && surface.isEmpty())) {
                    entities.add(new String[] {type, surface});
                }
            }
            i = next;
        }
        return new Parsed(labels, entities);
    }

    private static int unescaped(String s, int from, char c) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                i++;
            }
            out.append(s.charAt(i));
        }
        return out.toString();
    }

    /** Grounds entity texts left to right, exactly or as near misses, never twice on the same range. */
    private static final class Grounder {
        private final String text;
        private final String normalised;
        private final int[] origin;
        private final Set<Long> taken = new HashSet<>();
        private int cursor;

        Grounder(String text) {
            this.text = text;
            StringBuilder out = new StringBuilder();
            List<Integer> from = new ArrayList<>();
            boolean space = true;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    if (!space) {
                        out.append(' ');
                        from.add(i);
                    }
                    space = true;
                } else {
                    for (char c : normalise(new String(Character.toChars(cp))).toCharArray()) {
                        out.append(c);
                        from.add(i);
                    }
                    space = false;
                }
                i += Character.charCount(cp);
            }
            this.normalised = out.toString();
            this.origin = from.stream().mapToInt(Integer::intValue).toArray();
        }

        private static String normalise(String s) {
            return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        }

        Span exact(String surface, String type) {
            Span span = find(text, surface, type, null);
            if (span != null) {
                take(span);
            }
            return span;
        }

        Span nearMiss(String surface, String type) {
            StringBuilder key = new StringBuilder();
            for (String part : normalise(surface).split("[\\s\\p{Z}]+")) {
                if (!part.isEmpty()) {
                    key.append(key.length() == 0 ? "" : " ").append(part);
                }
            }
            if (key.length() == 0) {
                return null;
            }
            Span span = find(normalised, key.toString(), type, origin);
            if (span != null) {
                take(span);
            }
            return span;
        }

        private void take(Span span) {
            taken.add(((long) span.start() << 32) | span.end());
            cursor = span.start();
        }

        /**
         * The first free occurrence of {@code key} in {@code haystack} from the cursor (then from the start),
         * preferring one on word boundaries; offsets mapped back to the text through {@code map} when given.
         */
        private Span find(String haystack, String key, String type, int[] map) {
            for (int pass = 0; pass < 2; pass++) {
                Span free = null;
                for (int at = haystack.indexOf(key); at >= 0; at = haystack.indexOf(key, at + 1)) {
                    Span candidate = map == null ? new Span(at, at + key.length(), type) : mapped(at, key, type, map);
                    if ((pass == 0 && candidate.start() < cursor)
                            || taken.contains(((long) candidate.start() << 32) | candidate.end())) {
                        continue;
                    }
                    if (onWordBoundaries(candidate)) {
                        return candidate;
                    }
                    if (free == null) {
                        free = candidate;
                    }
                }
                if (free != null) {
                    return free;
                }
            }
            return null;
        }

        private Span mapped(int at, String key, String type, int[] map) {
            int start = map[at];
            int last = map[at + key.length() - 1];
            return new Span(start, last + Character.charCount(text.codePointAt(last)), type);
        }

        private boolean onWordBoundaries(Span s) {
            return SlgCodec.onWordBoundaries(text, s.start(), s.end());
        }
    }
}
