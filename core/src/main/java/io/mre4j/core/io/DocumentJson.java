package io.mre4j.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Event;
import io.mre4j.core.doc.Relation;
import io.mre4j.core.doc.Scores;
import io.mre4j.core.doc.Span;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link Document}, one object per line in JSON Lines files (DESIGN §2). Parsing is strict: a
 * missing or wrong-typed field is an error that names the field, and unknown top-level fields are refused so that a
 * typo such as {@code "span"} does not silently drop data.
 */
public final class DocumentJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS =
            Set.of("id", "lang", "text", "labels", "spans", "relations", "events", "meta", "scores");

    private DocumentJson() {
    }

    /** Thrown for a record that is not a valid document; the message names the field. */
    public static final class FieldException extends Exception {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses one JSON object text into a document. */
    public static Document parse(String json) throws FieldException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FieldException("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new FieldException("expected a JSON object");
        }
        return fromNode(node);
    }

    /** Converts a parsed JSON object into a document. */
    public static Document fromNode(JsonNode node) throws FieldException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new FieldException("unknown field '" + field + "' (known: id, lang, text, labels, spans, "
                        + "relations, events, meta, scores)");
            }
        }
        String id = requiredString(node, "id");
        String text = requiredString(node, "text");
        String lang = optionalString(node, "lang", "");
        List<String> labels = new ArrayList<>();
        for (JsonNode label : optionalArray(node, "labels")) {
            if (!label.isTextual()) {
                throw new FieldException("field 'labels' must hold strings");
            }
            labels.add(label.asText());
        }
        List<Span> spans = new ArrayList<>();
        int i = 0;
        for (JsonNode span : optionalArray(node, "spans")) {
            String f = "spans[" + i++ + "]";
            object(span, f);
            spans.add(new Span(requiredInt(span, f, "start"), requiredInt(span, f, "end"),
                    requiredString(span, f + ".label", "label")));
        }
        List<Relation> relations = new ArrayList<>();
        i = 0;
        for (JsonNode relation : optionalArray(node, "relations")) {
            String f = "relations[" + i++ + "]";
            object(relation, f);
            relations.add(new Relation(requiredInt(relation, f, "head"), requiredInt(relation, f, "tail"),
                    requiredString(relation, f + ".label", "label")));
        }
        List<Event> events = new ArrayList<>();
        i = 0;
        for (JsonNode event : optionalArray(node, "events")) {
            String f = "events[" + i++ + "]";
            object(event, f);
            List<Event.Argument> arguments = new ArrayList<>();
            JsonNode args = event.get("arguments");
            if (args != null && !args.isNull()) {
                if (!args.isArray()) {
                    throw new FieldException("field '" + f + ".arguments' must be an array");
                }
                int j = 0;
                for (JsonNode arg : args) {
                    String g = f + ".arguments[" + j++ + "]";
                    object(arg, g);
                    arguments.add(new Event.Argument(requiredString(arg, g + ".role", "role"),
                            requiredInt(arg, g, "span")));
                }
            }
            events.add(new Event(requiredInt(event, f, "trigger"), requiredString(event, f + ".type", "type"),
                    arguments));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        JsonNode metaNode = node.get("meta");
        if (metaNode != null && !metaNode.isNull()) {
            if (!metaNode.isObject()) {
                throw new FieldException("field 'meta' must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> converted = MAPPER.convertValue(metaNode, LinkedHashMap.class);
            meta.putAll(converted);
        }
        return new Document(id, lang, text, labels, spans, relations, events, meta, scores(node.get("scores")));
    }

    private static Scores scores(JsonNode node) throws FieldException {
        if (node == null || node.isNull()) {
            return Scores.NONE;
        }
        if (!node.isObject()) {
            throw new FieldException("field 'scores' must be an object");
        }
        Map<String, Double> labels = new LinkedHashMap<>();
        JsonNode labelNode = node.get("labels");
        if (labelNode != null && !labelNode.isNull()) {
            if (!labelNode.isObject()) {
                throw new FieldException("field 'scores.labels' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = labelNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isNumber()) {
                    throw new FieldException("field 'scores.labels." + entry.getKey() + "' must be a number");
                }
                labels.put(entry.getKey(), entry.getValue().doubleValue());
            }
        }
        List<Double> spans = new ArrayList<>();
        for (JsonNode score : optionalArray(node, "spans")) {
            if (!score.isNumber()) {
                throw new FieldException("field 'scores.spans' must hold numbers");
            }
            spans.add(score.doubleValue());
        }
        return new Scores(labels, spans);
    }

    /** The compact one-line JSON of a document, keys in schema order. */
    public static String toJson(Document d) {
        try {
            return MAPPER.writeValueAsString(toNode(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a document always serialises", e);
        }
    }

    public static ObjectNode toNode(Document d) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("id", d.id());
        root.put("lang", d.lang());
        root.put("text", d.text());
        ArrayNode labels = root.putArray("labels");
        d.labels().forEach(labels::add);
        ArrayNode spans = root.putArray("spans");
        for (Span s : d.spans()) {
            spans.addObject().put("start", s.start()).put("end", s.end()).put("label", s.label());
        }
        ArrayNode relations = root.putArray("relations");
        for (Relation r : d.relations()) {
            relations.addObject().put("head", r.head()).put("tail", r.tail()).put("label", r.label());
        }
        ArrayNode events = root.putArray("events");
        for (Event e : d.events()) {
            ObjectNode event = events.addObject().put("trigger", e.trigger()).put("type", e.type());
            ArrayNode args = event.putArray("arguments");
            for (Event.Argument a : e.arguments()) {
                args.addObject().put("role", a.role()).put("span", a.span());
            }
        }
        root.set("meta", MAPPER.valueToTree(d.meta()));
        if (!d.scores().isEmpty()) {
            ObjectNode scores = root.putObject("scores");
            ObjectNode labelScores = scores.putObject("labels");
            d.scores().labels().forEach(labelScores::put);
            ArrayNode spanScores = scores.putArray("spans");
            d.scores().spans().forEach(spanScores::add);
        }
        return root;
    }

    private static void object(JsonNode node, String field) throws FieldException {
        if (!node.isObject()) {
            throw new FieldException("field '" + field + "' must be an object");
        }
    }

    private static Iterable<JsonNode> optionalArray(JsonNode node, String field) throws FieldException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new FieldException("field '" + field + "' must be an array");
        }
        return value;
    }

    private static String requiredString(JsonNode node, String field) throws FieldException {
        return requiredString(node, field, field);
    }

    private static String requiredString(JsonNode node, String path, String field) throws FieldException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new FieldException("missing field '" + path + "'");
        }
        if (!value.isTextual()) {
            throw new FieldException("field '" + path + "' must be a string");
        }
        return value.asText();
    }

    private static String optionalString(JsonNode node, String field, String fallback) throws FieldException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new FieldException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String path, String field) throws FieldException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new FieldException("missing field '" + path + "." + field + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new FieldException("field '" + path + "." + field + "' must be an integer");
        }
        return value.intValue();
    }
}
