package io.mre4j.core.doc;

import java.util.Comparator;

/**
 * A labelled range of a document's text. Offsets are half-open character offsets counted in UTF-16 code units,
 * exactly as Java {@link String} indices: {@code text.substring(start, end)} is the span's surface.
 */
public record Span(int start, int end, String label) implements Comparable<Span> {
    /** Document order: by start, then end, then label. */
    public static final Comparator<Span> ORDER =
            Comparator.comparingInt(Span::start).thenComparingInt(Span::end).thenComparing(Span::label);

    public int length() {
        return end - start;
    }

    /** True when the two spans share at least one character. */
    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    public boolean sameRange(Span other) {
        return start == other.start && end == other.end;
    }

    /** The span's surface in {@code text}. */
    public String surface(String text) {
        return text.substring(start, end);
    }

    @Override
    public int compareTo(Span other) {
        return ORDER.compare(this, other);
    }
}
