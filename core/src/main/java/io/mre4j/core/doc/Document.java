package io.mre4j.core.doc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one data model of mre4j: a text with its text-level labels and its word-level spans, relations and events.
 * Every format reads into it, every engine writes it, and the metrics compare it. Instances are immutable; spans are
 * kept as given (readers emit them in document order).
 *
 * <p>{@code meta} holds format-specific extras as JSON-compatible values (strings, numbers, booleans, lists, maps).
 * {@code scores} holds an engine's confidence in its predictions, and is empty for gold data.
 */
public record Document(
        String id,
        String lang,
        String text,
        List<String> labels,
        List<Span> spans,
        List<Relation> relations,
        List<Event> events,
        Map<String, Object> meta,
        Scores scores) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        lang = lang == null ? "" : lang;
        labels = List.copyOf(labels);
        spans = List.copyOf(spans);
        relations = List.copyOf(relations);
        events = List.copyOf(events);
        meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        scores = scores == null ? Scores.NONE : scores;
    }

    /** A document without scores, as every format reads one. */
    public Document(String id, String lang, String text, List<String> labels, List<Span> spans,
                    List<Relation> relations, List<Event> events, Map<String, Object> meta) {
        this(id, lang, text, labels, spans, relations, events, meta, Scores.NONE);
    }

    /** A document with labels and spans only, the common case. */
    public static Document of(String id, String lang, String text, List<String> labels, List<Span> spans) {
        return new Document(id, lang, text, labels, spans, List.of(), List.of(), Map.of());
    }

    /** A document with only an id and a text, as handed to an engine for prediction. */
    public static Document unlabelled(String id, String lang, String text) {
        return of(id, lang, text, List.of(), List.of());
    }

    public Document withLabels(List<String> newLabels) {
        return new Document(id, lang, text, newLabels, spans, relations, events, meta, scores);
    }

    public Document withSpans(List<Span> newSpans) {
        return new Document(id, lang, text, labels, newSpans, relations, events, meta, scores);
    }

    public Document withText(String newText) {
        return new Document(id, lang, newText, labels, spans, relations, events, meta, scores);
    }

    public Document withLang(String newLang) {
        return new Document(id, newLang, text, labels, spans, relations, events, meta, scores);
    }

    public Document withId(String newId) {
        return new Document(newId, lang, text, labels, spans, relations, events, meta, scores);
    }

    public Document withMeta(Map<String, Object> newMeta) {
        return new Document(id, lang, text, labels, spans, relations, events, newMeta, scores);
    }

    public Document withScores(Scores newScores) {
        return new Document(id, lang, text, labels, spans, relations, events, meta, newScores);
    }

    /** This document with one more entry in {@code meta}. */
    public Document withMetaEntry(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(meta);
        copy.put(key, value);
        return withMeta(copy);
    }

    /** The spans sorted in document order. */
    public List<Span> sortedSpans() {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Span.ORDER);
        return sorted;
    }
}
