package io.mre4j.core.slg;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Event;
import io.mre4j.core.doc.Relation;
import io.mre4j.core.doc.Span;
import io.mre4j.core.token.PretokenisedText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The generative string form of a document (DESIGN §2), after the SLG, GIELLM and OIELLM papers:
 * <pre>
 *   target   := ('&lt;' label '&gt;')* taskWord entities [ '/RE/' relation* ] [ '/EE/' event* ]
 *   entities := (':' type ';' surface)*  |  ':' none ';'
 *   relation := ':' head ';' label ';' tail ':'
 *   event    := ':' type ';' trigger (';' role '=' argument)* ':'
 * </pre>
 * A backslash escapes {@code \ < > : ; =} inside any field, and the {@code /} that would start {@code /RE/} or
 * {@code /EE/}. The string holds surfaces, not offsets, so decoding grounds each entity in the text: an entity goes
 * to the first occurrence of its surface at or after the previous entity's start (entities are written in document
 * order), preferring an occurrence not yet taken by another entity, and one on word boundaries. When a surface occurs
 * several times, this can pick another occurrence than the original: a documented, counted re-grounding.
 */
public final class SlgCodec {
    private static final String RELATIONS = "/RE/";
    private static final String EVENTS = "/EE/";
    /** The markers that open the relation and event sections; a field may not contain one unescaped. */
    public static final List<String> SECTION_MARKERS = List.of(RELATIONS, EVENTS);
    /** The characters that a field always escapes with a backslash ({@code /} only where it starts a marker). */
    public static final String ESCAPED = "\\<>:;=";

    private SlgCodec() {
    }

    /** The target string of a document. Relation and event arguments are written by their spans' surfaces. */
    public static String encode(Document d, SlgDialect dialect) {
        StringBuilder out = new StringBuilder();
        for (String label : d.labels()) {
            out.append('<').append(escape(label)).append('>');
        }
        out.append(dialect.taskWord());
        List<Span> spans = d.sortedSpans();
        if (spans.isEmpty() && !dialect.noneMarker().isEmpty()) {
            out.append(':').append(dialect.noneMarker()).append(';');
        }
        for (Span s : spans) {
            out.append(':').append(escape(s.label())).append(';').append(escape(s.surface(d.text())));
        }
        if (!d.relations().isEmpty()) {
            out.append(RELATIONS);
            for (Relation r : d.relations()) {
                out.append(':').append(escape(surface(d, r.head()))).append(';').append(escape(r.label()))
                        .append(';').append(escape(surface(d, r.tail()))).append(':');
            }
        }
        if (!d.events().isEmpty()) {
            out.append(EVENTS);
            for (Event e : d.events()) {
                out.append(':').append(escape(e.type())).append(';').append(escape(surface(d, e.trigger())));
                for (Event.Argument a : e.arguments()) {
                    out.append(';').append(escape(a.role())).append('=').append(escape(surface(d, a.span())));
                }
                out.append(':');
            }
        }
        return out.toString();
    }

    /**
     * The source string of the generative form: the text, then the candidate text labels as {@code <a><b>…}, then the
     * task word, as the SCNM / GIELLM inputs give a generator the label set to choose from and the task to do. For
     * example {@code SPRiNGSと最も仲の良いライバルグループ。<社会><スポーツ>固有表現抽出}. The candidate labels are
     * escaped as in the target; the text is not (the generator copies entities from it as they are).
     */
    public static String encodeSource(String text, List<String> candidateLabels, SlgDialect dialect) {
        StringBuilder out = new StringBuilder(text);
        for (String label : candidateLabels) {
            out.append('<').append(escape(label)).append('>');
        }
        return out.append(dialect.taskWord()).toString();
    }

    private static String surface(Document d, int spanIndex) {
        return d.spans().get(spanIndex).surface(d.text());
    }

    /** Thrown when a target string does not follow the grammar, or names an entity that is not in the text. */
    public static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The labels, spans, relations and events that {@code target} gives for {@code base}'s text, as a copy of
     * {@code base}.
     */
    public static Document decode(Document base, String target, SlgDialect dialect) throws SyntaxException {
        Parser p = new Parser(target);
        List<String> labels = new ArrayList<>();
        while (p.peek('<')) {
            p.expect('<');
            labels.add(p.field(">"));
            p.expect('>');
        }
        if (!target.startsWith(dialect.taskWord(), p.pos)) {
            throw new SyntaxException("expected '" + dialect.taskWord() + "' at character " + p.pos);
        }
        p.pos += dialect.taskWord().length();
        String text = base.text();
        List<Span> spans = new ArrayList<>();
        Grounder grounder = new Grounder(text);
        while (p.peek(':') && !p.atSection()) {
            p.expect(':');
            String type = p.field(";");
            p.expect(';');
            String surface = p.field(":");
            if (spans.isEmpty() && surface.isEmpty() && type.equals(dialect.noneMarker()) && !type.isEmpty()) {
                continue;
            }
            spans.add(grounder.ground(surface, type));
        }
        List<Relation> relations = new ArrayList<>();
        if (p.section(RELATIONS)) {
            while (p.peek(':')) {
                p.expect(':');
                String head = p.field(";");
                p.expect(';');
                String label = p.field(";");
                p.expect(';');
                String tail = p.field(":");
                p.expect(':');
                relations.add(new Relation(spanIndex(spans, text, head), spanIndex(spans, text, tail), label));
            }
        }
        List<Event> events = new ArrayList<>();
        if (p.section(EVENTS)) {
            while (p.peek(':')) {
                p.expect(':');
                String type = p.field(";:");
                int trigger = -1;
                List<Event.Argument> arguments = new ArrayList<>();
                if (p.peek(';')) {
                    p.expect(';');
                    trigger = spanIndex(spans, text, p.field(";:"));
                }
                while (p.peek(';')) {
                    p.expect(';');
                    String role = p.field("=");
                    p.expect('=');
                    arguments.add(new Event.Argument(role, spanIndex(spans, text, p.field(";:"))));
                }
                p.expect(':');
                events.add(new Event(trigger, type, arguments));
            }
        }
        if (p.pos != target.length()) {
            throw new SyntaxException("unexpected '" + target.charAt(p.pos) + "' at character " + p.pos);
        }
        return new Document(base.id(), base.lang(), text, labels, spans, relations, events, base.meta());
    }

    private static int spanIndex(List<Span> spans, String text, String surface) throws SyntaxException {
        for (int i = 0; i < spans.size(); i++) {
            if (spans.get(i).surface(text).equals(surface)) {
                return i;
            }
        }
        throw new SyntaxException("'" + surface + "' is not one of the entities");
    }

    /** The spans of {@code d} that an encode-then-decode round trip would move to another occurrence. */
    public static List<Span> regrounded(Document d, SlgDialect dialect) {
        try {
            Set<Span> decoded = new HashSet<>(decode(d, encode(d, dialect), dialect).spans());
            return d.sortedSpans().stream().filter(s -> !decoded.contains(s)).toList();
        } catch (SyntaxException e) {
            throw new IllegalStateException("an encoded document always decodes: " + e.getMessage(), e);
        }
    }

    /** A field as the target string writes it: {@link #ESCAPED} characters, and a marker's {@code /}, escaped. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (ESCAPED.indexOf(c) >= 0
                    || (c == '/' && (value.startsWith(RELATIONS, i) || value.startsWith(EVENTS, i)))) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Grounds entity surfaces in the text, left to right. */
    private static final class Grounder {
        private final String text;
        private final Set<Long> taken = new HashSet<>();
        private int cursor;

        Grounder(String text) {
            this.text = text;
        }

        Span ground(String surface, String label) throws SyntaxException {
            if (surface.isEmpty()) {
                throw new SyntaxException("entity of type '" + label + "' has an empty surface");
            }
            Span found = findFree(surface, label, cursor);
            if (found == null) {
                found = findFree(surface, label, 0);
            }
            if (found == null) {
                int at = text.indexOf(surface, cursor);
                at = at >= 0 ? at : text.indexOf(surface);
                if (at < 0) {
                    throw new SyntaxException("entity '" + surface + "' does not occur in the text");
                }
                found = new Span(at, at + surface.length(), label);
            }
            taken.add(range(found));
            cursor = found.start();
            return found;
        }

        /** The first occurrence from {@code from} not yet taken, preferring one on word boundaries; or null. */
        private Span findFree(String surface, String label, int from) {
            Span free = null;
            for (int at = text.indexOf(surface, from); at >= 0; at = text.indexOf(surface, at + 1)) {
                Span candidate = new Span(at, at + surface.length(), label);
                if (!taken.contains(range(candidate))) {
                    if (onWordBoundaries(at, at + surface.length())) {
                        return candidate;
                    }
                    if (free == null) {
                        free = candidate;
                    }
                }
            }
            return free;
        }

        private static long range(Span s) {
            return ((long) s.start() << 32) | s.end();
        }

        private boolean onWordBoundaries(int start, int end) {
            return SlgCodec.onWordBoundaries(text, start, end);
        }
    }

    /**
     * Whether {@code [start, end)} starts and ends at word boundaries of {@code text}: not inside a run of letters or
     * digits (CJK characters are words of their own). Grounding prefers such occurrences of a repeated surface.
     */
    public static boolean onWordBoundaries(String text, int start, int end) {
        return boundary(text, start - 1, start) && boundary(text, end - 1, end);
    }

    private static boolean boundary(String text, int before, int after) {
        if (before < 0 || after >= text.length()) {
            return true;
        }
        int a = text.charAt(before);
        int b = text.charAt(after);
        return !Character.isLetterOrDigit(a) || !Character.isLetterOrDigit(b)
                || PretokenisedText.isCjk(a) || PretokenisedText.isCjk(b);
    }

    /** A cursor over the target string that reads escaped fields. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        boolean atSection() {
            return s.startsWith(RELATIONS, pos) || s.startsWith(EVENTS, pos);
        }

        boolean section(String marker) {
            if (s.startsWith(marker, pos)) {
                pos += marker.length();
                return true;
            }
            return false;
        }

        void expect(char c) throws SyntaxException {
            if (!peek(c)) {
                throw new SyntaxException("expected '" + c + "' at character " + pos
                        + (pos < s.length() ? " but found '" + s.charAt(pos) + "'" : " but the string ended"));
            }
            pos++;
        }

        /** An escaped field up to (not including) an unescaped stop character, a section marker or the end. */
        String field(String stops) throws SyntaxException {
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    if (pos + 1 >= s.length()) {
                        throw new SyntaxException("dangling '\\' at the end");
                    }
                    out.append(s.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (stops.indexOf(c) >= 0 || atSection()) {
                    break;
                }
                out.append(c);
                pos++;
            }
            return out.toString();
        }
    }
}
