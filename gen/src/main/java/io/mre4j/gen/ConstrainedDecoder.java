package io.mre4j.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Greedy and beam search over any next-token scorer, under a {@link Constraint}. Under {@link Constraint#FULL} only
 * tokens that keep the output a prefix of a well-formed, grounded target ({@link OutputGrammar}) are considered, and
 * only while the shortest completion still fits in the token budget, so decoding always ends with a complete target.
 * This needs every character of the grammar's alphabet as a one-character token (checked: a vocabulary without them
 * is refused with the characters it lacks).
 *
 * <p>Scores are log-probabilities under the scorer's distribution over the whole vocabulary (a log-softmax of its
 * logits), summed over the tokens; the constraint masks tokens, it does not renormalise. Ties are broken by token ids,
 * so decoding is deterministic.
 */
public final class ConstrainedDecoder {
    private final TokenVocabulary vocabulary;
    private final int maxTokens;

    /** The decoded output: its text (end-of-sequence token left out), token ids, log-probability, and whether it ended. */
    public record Result(String text, int[] tokens, double logProbability, boolean finished) {
    }

    /**
     * @param vocabulary the generator's tokens
     * @param maxTokens  the most tokens one output may have, end-of-sequence included
     */
    public ConstrainedDecoder(TokenVocabulary vocabulary, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, not " + maxTokens);
        }
        this.vocabulary = vocabulary;
        this.maxTokens = maxTokens;
    }

    public Result greedy(NextTokenScorer scorer, Constraint constraint, OutputGrammar grammar) {
        return beam(scorer, constraint, grammar, 1);
    }

    /**
     * Beam search with {@code width} hypotheses; the best finished one wins, or the best unfinished one when none
     * finished within the budget (never under {@link Constraint#FULL}).
     *
     * @param grammar the output grammar for this input; needed for {@link Constraint#FULL} only
     */
    public Result beam(NextTokenScorer scorer, Constraint constraint, OutputGrammar grammar, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be at least 1, not " + width);
        }
        OutputGrammar.State start = null;
        if (constraint == Constraint.FULL) {
            start = checkedStart(grammar);
        }
        List<Hypothesis> beams = List.of(new Hypothesis(new int[0], start, 0, false));
        for (int step = 0; step < maxTokens; step++) {
            List<Hypothesis> candidates = new ArrayList<>();
            boolean open = false;
            for (Hypothesis h : beams) {
                if (h.finished) {
                    candidates.add(h);
                    continue;
                }
                open = true;
                double[] logProbabilities = logSoftmax(scorer.logits(h.tokens));
                for (Map.Entry<Integer, OutputGrammar.State> next
                        : allowed(constraint, grammar, h.state, step).entrySet()) {
                    int id = next.getKey();
                    int[] tokens = Arrays.copyOf(h.tokens, h.tokens.length + 1);
                    tokens[h.tokens.length] = id;
                    candidates.add(new Hypothesis(tokens, next.getValue(), h.logProbability + logProbabilities[id],
                            id == vocabulary.endOfSequence()));
                }
            }
            if (!open) {
                break;
            }
            candidates.sort(Hypothesis.ORDER);
            beams = candidates.subList(0, Math.min(width, candidates.size()));
        }
        Hypothesis best = beams.stream().filter(h -> h.finished).min(Hypothesis.ORDER).orElse(beams.get(0));
        return new Result(vocabulary.text(best.tokens), best.tokens, best.logProbability, best.finished);
    }

    private OutputGrammar.State checkedStart(OutputGrammar grammar) {
        if (grammar == null) {
            throw new IllegalArgumentException("the full constraint needs the input's output grammar");
        }
        Set<Character> missing = vocabulary.missingCharacters(grammar.alphabet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary has no one-character token for " + missing
                    + "; the constrained decoder needs one for every character it may have to write");
        }
        OutputGrammar.State start = grammar.start();
        if (grammar.minimumToAccept(start) + 1 > maxTokens) {
            throw new IllegalArgumentException("maxTokens " + maxTokens + " is too small: the shortest well-formed "
                    + "output takes " + (grammar.minimumToAccept(start) + 1) + " tokens");
        }
        return start;
    }

    /**
     * The tokens allowed at {@code step} after a hypothesis in {@code state}, with the grammar state each leads to
     * (null when the constraint keeps no state).
     */
    Map<Integer, OutputGrammar.State> allowed(Constraint constraint, OutputGrammar grammar,
                                              OutputGrammar.State state, int step) {
        Map<Integer, OutputGrammar.State> allowed = new LinkedHashMap<>();
        switch (constraint) {
            case NONE:
                for (int id = 0; id < vocabulary.size(); id++) {
                    allowed.put(id, null);
                }
                return allowed;
            case FIRST_TOKEN:
                for (int id = 0; id < vocabulary.size(); id++) {
                    if (step > 0 || (id != vocabulary.endOfSequence() && vocabulary.token(id).startsWith("<"))) {
                        allowed.put(id, null);
                    }
                }
                return allowed;
            default:
                int remaining = maxTokens - step - 1;
                walk(grammar, vocabulary.root(), state, remaining, allowed);
                if (grammar.accepts(state)) {
                    allowed.put(vocabulary.endOfSequence(), state);
                }
                return allowed;
        }
    }

    /** Follows the vocabulary trie and the grammar together, collecting tokens whose completion still fits. */
    private void walk(OutputGrammar grammar, int node, OutputGrammar.State state, int remaining,
                      Map<Integer, OutputGrammar.State> allowed) {
        if (node != vocabulary.root() && grammar.minimumToAccept(state) + 1 <= remaining) {
            for (int id : vocabulary.tokensAt(node)) {
                allowed.put(id, state);
            }
        }
        for (Map.Entry<Character, Integer> child : vocabulary.children(node).entrySet()) {
            OutputGrammar.State next = grammar.advance(state, child.getKey());
            if (next != null) {
                walk(grammar, child.getValue(), next, remaining, allowed);
            }
        }
    }

    private double[] logSoftmax(float[] logits) {
        if (logits.length != vocabulary.size()) {
            throw new IllegalArgumentException("the scorer gave " + logits.length + " logits for a vocabulary of "
                    + vocabulary.size());
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - log;
        }
        return out;
    }

    private record Hypothesis(int[] tokens, OutputGrammar.State state, double logProbability, boolean finished) {
        /** Most probable first; ties by token ids, so that the order never depends on the map's iteration. */
        static final Comparator<Hypothesis> ORDER = Comparator.comparingDouble((Hypothesis h) -> -h.logProbability)
                .thenComparing(Hypothesis::tokens, Arrays::compare);
    }
}
