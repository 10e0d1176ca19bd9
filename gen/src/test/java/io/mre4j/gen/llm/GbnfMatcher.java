package io.mre4j.gen.llm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small recogniser for the GBNF subset that {@link AnswerGrammar} writes (literals with escapes, character classes
 * of listed characters, rule references, groups, alternation, {@code ?} and {@code *}), so tests can check which
 * answers a grammar admits instead of how its text looks. Test code only; llama.cpp is the real consumer.
 */
final class GbnfMatcher {
    private interface Node {
    }

    private record Literal(String text) implements Node {
    }

    private record CharClass(String chars) implements Node {
    }

    private record Ref(String name) implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    private record Alt(List<Node> options) implements Node {
    }

    private record Repeat(Node item, boolean many) implements Node {
    }

    private final Map<String, Node> rules = new HashMap<>();
    private String src;
    private int at;

    GbnfMatcher(String grammar) {
        for (String line : grammar.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int def = line.indexOf("::=");
            src = line.substring(def + 3);
            at = 0;
            rules.put(line.substring(0, def).trim(), alternation());
            skipSpace();
            if (at != src.length()) {
                throw new IllegalArgumentException("cannot parse rule: " + line);
            }
        }
    }

    /** Whether the whole of {@code s} is a {@code root}. */
    boolean accepts(String s) {
        return ends(new Ref("root"), s, 0).contains(s.length());
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (peek('|')) {
            at++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (at >= src.length() || src.charAt(at) == '|' || src.charAt(at) == ')') {
                return new Seq(items);
            }
            Node item = primary();
            if (at < src.length() && (src.charAt(at) == '?' || src.charAt(at) == '*')) {
                item = new Repeat(item, src.charAt(at++) == '*');
            }
            items.add(item);
        }
    }

    private Node primary() {
        char c = src.charAt(at);
        if (c == '"') {
            at++;
            StringBuilder text = new StringBuilder();
            while (src.charAt(at) != '"') {
                text.append(escaped());
            }
            at++;
            return new Literal(text.toString());
        }
        if (c == '[') {
            at++;
            StringBuilder chars = new StringBuilder();
            while (src.charAt(at) != ']') {
                chars.append(escaped());
            }
            at++;
            return new CharClass(chars.toString());
        }
        if (c == '(') {
            at++;
            Node inner = alternation();
            skipSpace();
            at++; // ')'
            return inner;
        }
        int start = at;
        while (at < src.length() && (Character.isLetterOrDigit(src.charAt(at)) || src.charAt(at) == '-')) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("unexpected '" + c + "' in: " + src);
        }
        return new Ref(src.substring(start, at));
    }

    private char escaped() {
        char c = src.charAt(at++);
        if (c != '\\') {
            return c;
        }
        char e = src.charAt(at++);
        return switch (e) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> e;
        };
    }

    private boolean peek(char c) {
        skipSpace();
        return at < src.length() && src.charAt(at) == c;
    }

    private void skipSpace() {
        while (at < src.length() && src.charAt(at) == ' ') {
            at++;
        }
    }

    /** Every position where a match of {@code node} starting at {@code pos} can end. */
    private Set<Integer> ends(Node node, String s, int pos) {
        Set<Integer> out = new TreeSet<>();
        if (node instanceof Literal l) {
            if (s.startsWith(l.text(), pos)) {
                out.add(pos + l.text().length());
            }
        } else if (node instanceof CharClass c) {
            if (pos < s.length() && c.chars().indexOf(s.charAt(pos)) >= 0) {
                out.add(pos + 1);
            }
        } else if (node instanceof Ref r) {
            Node rule = rules.get(r.name());
            if (rule == null) {
                throw new IllegalArgumentException("undefined rule " + r.name());
            }
            out.addAll(ends(rule, s, pos));
        } else if (node instanceof Seq q) {
            Set<Integer> current = new TreeSet<>(Set.of(pos));
            for (Node item : q.items()) {
                Set<Integer> next = new TreeSet<>();
                for (int p : current) {
                    next.addAll(ends(item, s, p));
                }
                current = next;
            }
            out.addAll(current);
        } else if (node instanceof Alt a) {
            a.options().forEach(o -> out.addAll(ends(o, s, pos)));
        } else if (node instanceof Repeat r) {
            out.add(pos);
            Set<Integer> frontier = new TreeSet<>(Set.of(pos));
            while (!frontier.isEmpty()) {
                Set<Integer> next = new TreeSet<>();
                for (int p : frontier) {
                    for (int e : ends(r.item(), s, p)) {
                        if (e > p && out.add(e)) {
                            next.add(e);
                        }
                    }
                }
                frontier = r.many() ? next : Set.of();
            }
        }
        return out;
    }
}
