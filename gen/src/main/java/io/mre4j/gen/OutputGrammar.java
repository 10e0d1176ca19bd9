package io.mre4j.gen;

import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constraint mechanism: for one input text and one schema, a character automaton that accepts exactly the
 * well-formed target strings of the generative form ({@link SlgCodec}), entities only:
 * <pre>
 *   target := ('&lt;' label '&gt;')+ taskWord ( (':' type ';' surface)* | ':' none ';' )
 * </pre>
 * <ul>
 *   <li>text labels come from the schema only: exactly one for a single-label task, one or more distinct ones for a
 *       multi-label task (none when the schema has no text labels);</li>
 *   <li>labels, the task word and entity types are spelled exactly as the codec escapes them;</li>
 *   <li>every entity surface is a contiguous, non-empty piece of the input text (escaped as the codec does), that
 *       neither starts nor ends with white space;</li>
 *   <li>in a dialect with a "no entity" marker (SCNM's {@code :無い;}), an empty entity list must be written with it.</li>
 * </ul>
 * Every state the automaton can reach can still be completed: paths that lead nowhere (a label prefix whose labels
 * are all used, a surface that could only end in white space) are refused at their first character. {@link
 * #minimumToAccept} says how many characters the shortest completion takes, so that a decoder with a length budget can
 * always finish.
 */
public final class OutputGrammar {
    private static final int NONE = -1;

    private final String text;
    private final String taskWord;
    private final boolean multiLabel;
    private final int labelCount;
    private final Trie labels;
    private final Trie types;
    private final int noneLength;
    private final int[] nextNonSpace;
    private final int cheapestSurface;

    /**
     * @param text        the input text
     * @param textLabels  the schema's text-level labels
     * @param multiLabel  whether a text may have several labels
     * @param spanLabels  the schema's entity types
     * @param dialect     the task word and "no entity" marker
     */
    public OutputGrammar(String text, List<String> textLabels, boolean multiLabel, List<String> spanLabels,
                         SlgDialect dialect) {
        this.text = text;
        this.taskWord = dialect.taskWord();
        if (taskWord.isEmpty() || taskWord.charAt(0) == '<') {
            throw new IllegalArgumentException("the task word must be non-empty and not start with '<'");
        }
        this.multiLabel = multiLabel;
        this.labelCount = textLabels.size();
        this.labels = new Trie();
        for (int i = 0; i < textLabels.size(); i++) {
            labels.add("<" + SlgCodec.escape(textLabels.get(i)) + ">", i);
        }
        this.types = new Trie();
        for (int i = 0; i < spanLabels.size(); i++) {
            types.add(":" + SlgCodec.escape(spanLabels.get(i)) + ";", i);
        }
        String none = dialect.noneMarker().isEmpty() ? "" : ":" + dialect.noneMarker() + ";";
        if (!none.isEmpty()) {
            types.add(none, NONE);
        }
        this.noneLength = none.length();
        this.nextNonSpace = new int[text.length() + 1];
        nextNonSpace[text.length()] = text.length();
        int cheapest = Integer.MAX_VALUE;
        for (int i = text.length() - 1; i >= 0; i--) {
            boolean space = Character.isWhitespace(text.charAt(i));
            nextNonSpace[i] = space ? nextNonSpace[i + 1] : i;
            if (!space) {
                cheapest = Math.min(cheapest, cost(text.charAt(i)));
            }
        }
        this.cheapestSurface = cheapest;
    }

    /** The characters a well-formed target for this text can contain: a vocabulary must spell each of them. */
    public Set<Character> alphabet() {
        Set<Character> chars = new TreeSet<>();
        for (char c : text.toCharArray()) {
            chars.add(c);
        }
        chars.add('\\');
        for (Trie trie : List.of(labels, types)) {
            for (Map<Character, Integer> children : trie.children) {
                chars.addAll(children.keySet());
            }
        }
        for (char c : taskWord.toCharArray()) {
            chars.add(c);
        }
        return chars;
    }

    /** The state before the first character. */
    public State start() {
        return labelCount > 0 ? State.between(new BitSet(), 0) : new State(Phase.TASK, 0, null, 0, 0, null, false,
                false, "", 0);
    }

    /** The state after {@code c}, or null when no well-formed target continues with it. */
    public State advance(State s, char c) {
        switch (s.phase) {
            case LABEL:
                return advanceLabel(s, c);
            case TASK:
                if (taskWord.charAt(s.position) != c) {
                    return null;
                }
                return s.position + 1 < taskWord.length()
                        ? new State(Phase.TASK, 0, s.used, s.labels, s.position + 1, null, false, false, "", 0)
                        : new State(Phase.BOUNDARY, 0, s.used, s.labels, 0, null, false, false, "", 0);
            case BOUNDARY:
                return c == ':' ? enterType(s, s.entities) : null;
            case TYPE:
                return advanceType(s, c);
            case SURFACE:
                return advanceSurface(s, c);
            default:
                return null;
        }
    }

    /** Whether the characters so far form a complete, well-formed target. */
    public boolean accepts(State s) {
        switch (s.phase) {
            case BOUNDARY:
                return noneLength == 0 || s.entities > 0;
            case SURFACE:
                return surfaceComplete(s);
            case DONE:
                return true;
            default:
                return false;
        }
    }

    /** The length of the shortest completion from {@code s}, in characters. */
    public int minimumToAccept(State s) {
        int tail = noneLength;
        switch (s.phase) {
            case LABEL: {
                int rest = taskWord.length() + tail;
                if (s.node == 0) {
                    return s.labels > 0 ? rest : labels.shortestUnused(0, s.used) + rest;
                }
                return labels.shortestUnused(s.node, s.used) + rest;
            }
            case TASK:
                return taskWord.length() - s.position + tail;
            case BOUNDARY:
                return accepts(s) ? 0 : noneLength;
            case TYPE: {
                int best = Integer.MAX_VALUE;
                if (s.entities == 0 && types.reachesNone(s.node)) {
                    best = types.shortestTo(s.node, NONE);
                }
                int type = types.shortestType(s.node);
                if (type < Integer.MAX_VALUE && cheapestSurface < Integer.MAX_VALUE) {
                    best = Math.min(best, type + cheapestSurface);
                }
                return best;
            }
            case SURFACE:
                return surfaceToComplete(s);
            default:
                return 0;
        }
    }

    private State advanceLabel(State s, char c) {
        if (s.node == 0) {
            if (c == '<' && (s.labels == 0 || multiLabel) && s.used.cardinality() < labelCount) {
                int child = labels.child(0, c);
                return child >= 0 && labels.hasUnused(child, s.used) ? s.inLabel(child) : null;
            }
            if (s.labels > 0 && c == taskWord.charAt(0)) {
                return advance(new State(Phase.TASK, 0, s.used, s.labels, 0, null, false, false, "", 0), c);
            }
            return null;
        }
        int child = labels.child(s.node, c);
        if (child < 0 || !labels.hasUnused(child, s.used)) {
            return null;
        }
        int label = labels.value(child);
        if (label == Trie.NO_VALUE) {
            return s.inLabel(child);
        }
        BitSet used = (BitSet) s.used.clone();
        used.set(label);
        if (!multiLabel) {
            return new State(Phase.TASK, 0, used, s.labels + 1, 0, null, false, false, "", 0);
        }
        return State.between(used, s.labels + 1);
    }

    /** After the ':' that opens an entity. */
    private State enterType(State s, int entities) {
        int child = types.child(0, ':');
        if (child < 0 || !typeFeasible(child, entities)) {
            return null;
        }
        return new State(Phase.TYPE, child, s.used, s.labels, 0, null, false, false, "", entities);
    }

    private boolean typeFeasible(int node, int entities) {
        boolean type = types.shortestType(node) < Integer.MAX_VALUE && cheapestSurface < Integer.MAX_VALUE;
        return type || (entities == 0 && types.reachesNone(node));
    }

    private State advanceType(State s, char c) {
        int child = types.child(s.node, c);
        if (child < 0 || !typeFeasible(child, s.entities)) {
            return null;
        }
        int value = types.value(child);
        if (value == NONE && types.isLeaf(child)) {
            return new State(Phase.DONE, 0, s.used, s.labels, 0, null, false, false, "", 0);
        }
        if (value >= 0 && types.isLeaf(child)) {
            int[] starts = new int[text.length()];
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    starts[n++] = i;
                }
            }
            return new State(Phase.SURFACE, 0, s.used, s.labels, 0, Arrays.copyOf(starts, n), false, false, "",
                    s.entities);
        }
        return new State(Phase.TYPE, child, s.used, s.labels, 0, null, false, false, "", s.entities);
    }

    private State advanceSurface(State s, char c) {
        if (!s.escaping) {
            if (c == '\\') {
                for (int e : s.ends) {
                    if (e < text.length() && escapable(text.charAt(e))) {
                        return new State(Phase.SURFACE, 0, s.used, s.labels, s.position, s.ends, s.lastNonSpace,
                                true, "", s.entities);
                    }
                }
                return null;
            }
            if (c == ':') {
                return surfaceComplete(s) ? enterType(s, s.entities + 1) : null;
            }
            if (SlgCodec.ESCAPED.indexOf(c) >= 0) {
                return null;
            }
            String tail = s.bareTail + c;
            for (String marker : SlgCodec.SECTION_MARKERS) {
                if (tail.endsWith(marker)) {
                    return null;
                }
            }
            return extend(s, c, tail.length() > 3 ? tail.substring(tail.length() - 3) : tail);
        }
        return escapable(c) ? extend(s, c, "") : null;
    }

    /** The surface with one more text character, if some occurrence continues with it and it can still end well. */
    private State extend(State s, char c, String bareTail) {
        int[] next = new int[s.ends.length];
        int n = 0;
        boolean space = Character.isWhitespace(c);
        for (int e : s.ends) {
            if (e < text.length() && text.charAt(e) == c && (!space || nextNonSpace[e + 1] < text.length())) {
                next[n++] = e + 1;
            }
        }
        if (n == 0) {
            return null;
        }
        return new State(Phase.SURFACE, 0, s.used, s.labels, s.position + 1, Arrays.copyOf(next, n), !space, false,
                bareTail, s.entities);
    }

    private boolean surfaceComplete(State s) {
        return s.position > 0 && s.lastNonSpace && !s.escaping;
    }

    private int surfaceToComplete(State s) {
        if (s.escaping) {
            return 1;
        }
        if (surfaceComplete(s)) {
            return 0;
        }
        int best = Integer.MAX_VALUE;
        for (int e : s.ends) {
            int j = nextNonSpace[e];
            if (j < text.length()) {
                best = Math.min(best, j - e + cost(text.charAt(j)));
            }
        }
        return best;
    }

    /** Characters that a surface writes with a backslash: those the codec always escapes, and {@code /}. */
    private static boolean escapable(char c) {
        return SlgCodec.ESCAPED.indexOf(c) >= 0 || c == '/';
    }

    private static int cost(char c) {
        return SlgCodec.ESCAPED.indexOf(c) >= 0 ? 2 : 1;
    }

    enum Phase { LABEL, TASK, BOUNDARY, TYPE, SURFACE, DONE }

    /**
     * Where the automaton is: immutable, so that beam search can keep many. Fields are meaningful per phase: the trie
     * node (labels, types), the labels used, how many labels and entities are written, and for a surface the text
     * positions where the characters so far can end, its length, whether its last character is not white space,
     * whether a backslash waits for its character, and its last unescaped characters (so that no section marker
     * appears unescaped).
     */
    public static final class State {
        final Phase phase;
        final int node;
        final BitSet used;
        final int labels;
        final int position;
        final int[] ends;
        final boolean lastNonSpace;
        final boolean escaping;
        final String bareTail;
        final int entities;

        State(Phase phase, int node, BitSet used, int labels, int position, int[] ends, boolean lastNonSpace,
              boolean escaping, String bareTail, int entities) {
            this.phase = phase;
            this.node = node;
            this.used = used;
            this.labels = labels;
            this.position = position;
            this.ends = ends;
            this.lastNonSpace = lastNonSpace;
            this.escaping = escaping;
            this.bareTail = bareTail;
            this.entities = entities;
        }

        static State between(BitSet used, int labels) {
            return new State(Phase.LABEL, 0, used, labels, 0, null, false, false, "", 0);
        }

        State inLabel(int node) {
            return new State(Phase.LABEL, node, used, labels, 0, null, false, false, "", 0);
        }
    }

    /** A character trie over fixed strings, each ending in a value; it knows the shortest way to each value. */
    private static final class Trie {
        static final int NO_VALUE = Integer.MIN_VALUE;

        final List<Map<Character, Integer>> children = new ArrayList<>();
        final List<Integer> values = new ArrayList<>();
        final List<Integer> depths = new ArrayList<>();
        /** For each node, the values below it (itself included) and the depth at which each ends. */
        final List<Map<Integer, Integer>> below = new ArrayList<>();

        Trie() {
            newNode(0);
        }

        private int newNode(int depth) {
            children.add(new HashMap<>());
            values.add(NO_VALUE);
            depths.add(depth);
            below.add(new HashMap<>());
            return children.size() - 1;
        }

        void add(String key, int value) {
            int node = 0;
            below.get(0).put(value, key.length());
            for (int i = 0; i < key.length(); i++) {
                Integer next = children.get(node).get(key.charAt(i));
                if (next == null) {
                    next = newNode(i + 1);
                    children.get(node).put(key.charAt(i), next);
                }
                node = next;
                below.get(node).merge(value, key.length(), Math::min);
            }
            values.set(node, value);
        }

        int child(int node, char c) {
            return children.get(node).getOrDefault(c, -1);
        }

        int value(int node) {
            return values.get(node);
        }

        boolean isLeaf(int node) {
            return children.get(node).isEmpty();
        }

        boolean hasUnused(int node, BitSet used) {
            for (int v : below.get(node).keySet()) {
                if (v >= 0 && !used.get(v)) {
                    return true;
                }
            }
            return false;
        }

        int shortestUnused(int node, BitSet used) {
            int best = Integer.MAX_VALUE;
            for (Map.Entry<Integer, Integer> e : below.get(node).entrySet()) {
                if (e.getKey() >= 0 && !used.get(e.getKey())) {
                    best = Math.min(best, e.getValue() - depths.get(node));
                }
            }
            return best;
        }

        int shortestType(int node) {
            return shortestUnused(node, new BitSet());
        }

        boolean reachesNone(int node) {
            return below.get(node).containsKey(NONE);
        }

        int shortestTo(int node, int value) {
            return below.get(node).get(value) - depths.get(node);
        }
    }
}
