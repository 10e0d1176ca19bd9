package io.mre4j.core.tag;

import io.mre4j.core.doc.Span;
import io.mre4j.core.token.Token;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between character-offset spans and one tag per token. A span is encoded only when both its edges fall on
 * token edges; a span whose edge falls inside a token (or in the blank between tokens) is reported as misaligned and
 * left out, never silently moved to a neighbouring boundary. A span that overlaps an earlier one cannot be written
 * with one tag per token and is reported too.
 */
public final class SpanTagger {
    private SpanTagger() {
    }

    /** Tags for the tokens, and the spans that could not be encoded, with why. */
    public record Encoding(List<Tag> tags, List<Span> misaligned, List<Span> overlapping) {
        public boolean complete() {
            return misaligned.isEmpty() && overlapping.isEmpty();
        }
    }

    public static Encoding encode(List<Token> tokens, List<Span> spans, TagScheme scheme) {
        Map<Integer, Integer> tokenStartingAt = new HashMap<>();
        Map<Integer, Integer> tokenEndingAt = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            tokenStartingAt.put(tokens.get(i).start(), i);
            tokenEndingAt.put(tokens.get(i).end(), i);
        }
        List<Tag> tags = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            tags.add(Tag.OUTSIDE);
        }
        List<Span> misaligned = new ArrayList<>();
        List<Span> overlapping = new ArrayList<>();
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Span.ORDER);
        for (Span span : sorted) {
            Integer first = tokenStartingAt.get(span.start());
            Integer last = tokenEndingAt.get(span.end());
            if (first == null || last == null || last < first) {
                misaligned.add(span);
                continue;
            }
            boolean free = true;
            for (int t = first; t <= last && free; t++) {
                free = tags.get(t).isOutside();
            }
            if (!free) {
                overlapping.add(span);
                continue;
            }
            for (int t = first; t <= last; t++) {
                tags.set(t, new Tag(position(scheme, t - first, last - first + 1), span.label()));
            }
        }
        return new Encoding(tags, misaligned, overlapping);
    }

    private static char position(TagScheme scheme, int index, int length) {
        if (scheme == TagScheme.BIO) {
            return index == 0 ? 'B' : 'I';
        }
        if (length == 1) {
            return 'S';
        }
        return index == 0 ? 'B' : index == length - 1 ? 'E' : 'I';
    }

    /**
     * Spans from tags, read leniently as conlleval does: an {@code I} or {@code E} that does not continue a span of
     * the same label starts a new one, so every tag sequence decodes. Works for BIO and BIOES alike.
     */
    public static List<Span> decode(List<Token> tokens, List<Tag> tags) {
        List<Span> spans = new ArrayList<>();
        int start = -1;
        int end = -1;
        String label = null;
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            Token token = tokens.get(i);
            boolean continues = label != null && (tag.position() == 'I' || tag.position() == 'E')
                    && tag.label().equals(label);
            if (continues) {
                end = token.end();
            } else {
                if (label != null) {
                    spans.add(new Span(start, end, label));
                    label = null;
                }
                if (!tag.isOutside()) {
                    start = token.start();
                    end = token.end();
                    label = tag.label();
                }
            }
            if (label != null && (tag.position() == 'E' || tag.position() == 'S')) {
                spans.add(new Span(start, end, label));
                label = null;
            }
        }
        if (label != null) {
            spans.add(new Span(start, end, label));
        }
        return spans;
    }
}
