package io.mre4j.core.token;

import io.mre4j.core.doc.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits tokens at span edges that fall inside them, so that every span of a document can be written one tag per
 * token. Used by the writers of tagged formats (ATIS, BIO), where the file's tokenisation must follow the spans.
 */
public final class SpanEdgeSplitter {
    private SpanEdgeSplitter() {
    }

    public static List<Token> split(List<Token> tokens, List<Span> spans) {
        TreeSet<Integer> edges = new TreeSet<>();
        for (Span s : spans) {
            edges.add(s.start());
            edges.add(s.end());
        }
        List<Token> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            int start = t.start();
            for (Integer edge = edges.higher(start); edge != null && edge < t.end(); edge = edges.higher(edge)) {
                out.add(new Token(start, edge, t.pos()));
                start = edge;
            }
            out.add(new Token(start, t.end(), t.pos()));
        }
        return out;
    }

    /** Tokens separated by whitespace, split at span edges: the tokenisation of whitespace-tokenised formats. */
    public static List<Token> whitespaceTokens(String text, List<Span> spans) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start < i) {
                tokens.add(new Token(start, i));
            }
        }
        return split(tokens, spans);
    }
}
