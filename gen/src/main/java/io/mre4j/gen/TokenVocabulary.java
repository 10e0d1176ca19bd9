package io.mre4j.gen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generator's output vocabulary: token strings (characters, subwords, whole words) and one end-of-sequence token.
 * The tokens are kept in a character trie, so that the constrained decoder walks the grammar along shared prefixes
 * instead of testing every token from scratch.
 */
public final class TokenVocabulary {
    private final List<String> tokens;
    private final int endOfSequence;
    private final List<Map<Character, Integer>> children = new ArrayList<>();
    private final List<List<Integer>> tokensAt = new ArrayList<>();

    /**
     * @param tokens        the token strings, by id; the end-of-sequence token's string is never matched
     * @param endOfSequence the id of the end-of-sequence token
     */
    public TokenVocabulary(List<String> tokens, int endOfSequence) {
        if (endOfSequence < 0 || endOfSequence >= tokens.size()) {
            throw new IllegalArgumentException("end-of-sequence id " + endOfSequence + " is not a token id");
        }
        this.tokens = List.copyOf(tokens);
        this.endOfSequence = endOfSequence;
        node();
        for (int id = 0; id < tokens.size(); id++) {
            String t = tokens.get(id);
            if (id == endOfSequence) {
                continue;
            }
            if (t.isEmpty()) {
                throw new IllegalArgumentException("token " + id + " is empty");
            }
            int n = 0;
            for (int i = 0; i < t.length(); i++) {
                Integer next = children.get(n).get(t.charAt(i));
                if (next == null) {
                    next = node();
                    children.get(n).put(t.charAt(i), next);
                }
                n = next;
            }
            tokensAt.get(n).add(id);
        }
    }

    private int node() {
        children.add(new HashMap<>());
        tokensAt.add(new ArrayList<>());
        return children.size() - 1;
    }

    public List<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    public int endOfSequence() {
        return endOfSequence;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The text of a token sequence, without the end-of-sequence token. */
    public String text(int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (id != endOfSequence) {
                out.append(tokens.get(id));
            }
        }
        return out.toString();
    }

    /** The characters of {@code needed} that no single-character token spells. */
    public Set<Character> missingCharacters(Set<Character> needed) {
        Set<Character> missing = new TreeSet<>();
        for (char c : needed) {
            Integer n = children.get(0).get(c);
            if (n == null || tokensAt.get(n).isEmpty()) {
                missing.add(c);
            }
        }
        return missing;
    }

    int root() {
        return 0;
    }

    Map<Character, Integer> children(int node) {
        return children.get(node);
    }

    List<Integer> tokensAt(int node) {
        return tokensAt.get(node);
    }
}
