package io.mre4j.gen.seq;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.core.token.Token;
import io.mre4j.gen.TokenVocabulary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's output tokens and how targets are written with them. The network scores, for one input of
 * {@code T} tokens, {@code F + T} outputs: {@code F} fixed tokens (end of sequence, {@code <label>} per text label,
 * the dialect's task word, {@code :type;} per entity type, and the "no entity" marker where the dialect has one),
 * then one pointer per input position. A pointer stands for two strings: the position's token as it is ("bare") and
 * the text from the end of the previous token to the end of this one ("joined"), so that copying consecutive tokens
 * spells the original piece of text, white space included. Decoder inputs add two ids to the fixed ones: the start
 * of the sequence and a stand-in for a fallback character token (see {@link #forInput}).
 */
public final class OutputSpace {
    /** The end-of-sequence output; also its id in every per-input vocabulary. */
    public static final int END = 0;

    private final SlgDialect dialect;
    private final List<String> fixed = new ArrayList<>();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final Map<String, Integer> typeIds = new HashMap<>();
    private final int taskId;
    private final int noneId;

    public OutputSpace(Schema schema, SlgDialect dialect) {
        this.dialect = dialect;
        fixed.add("</s>");
        for (String label : schema.textLabels()) {
            labelIds.put(label, fixed.size());
            fixed.add("<" + SlgCodec.escape(label) + ">");
        }
        taskId = fixed.size();
        fixed.add(dialect.taskWord());
        for (String type : schema.spanLabels()) {
            typeIds.put(type, fixed.size());
            fixed.add(":" + SlgCodec.escape(type) + ";");
        }
        if (dialect.noneMarker().isEmpty()) {
            noneId = -1;
        } else {
            noneId = fixed.size();
            fixed.add(":" + dialect.noneMarker() + ";");
        }
    }

    public SlgDialect dialect() {
        return dialect;
    }

    /** The output id of the text label {@code label}, or -1 when the schema has no such label. */
    public int labelOutput(String label) {
        return labelIds.getOrDefault(label, -1);
    }

    /** How many fixed output tokens there are ({@code F}). */
    public int fixedCount() {
        return fixed.size();
    }

    /** How many decoder input ids come before the pointer positions: the fixed tokens, start, and fallback. */
    public int inputOffset() {
        return fixed.size() + 2;
    }

    /** The decoder input id of the start of the sequence. */
    public int startInput() {
        return fixed.size();
    }

    /** The decoder input id that stands for any fallback character token. */
    public int characterInput() {
        return fixed.size() + 1;
    }

    /** The decoder input id that follows output {@code output} (a fixed token or a pointer). */
    public int inputOf(int output) {
        return output < fixed.size() ? output : output + 2;
    }

    /**
     * A document's gold output sequence, end included: the labels, the task word, then per entity (in document
     * order) its type token and pointers to its tokens; the "no entity" marker where the dialect wants one.
     *
     * @param outputs the output indices ({@code < F}: fixed; {@code F + j}: pointer to token {@code j})
     * @param dropped entities left out because their edges are not token edges (or lie past the last token read)
     */
    public record Target(int[] outputs, int dropped) {
    }

    public Target target(Document d, List<Token> tokens) {
        List<Integer> out = new ArrayList<>();
        for (String label : d.labels()) {
            Integer id = labelIds.get(label);
            if (id != null) {
                out.add(id);
            }
        }
        out.add(taskId);
        Map<Integer, Integer> starts = new HashMap<>();
        Map<Integer, Integer> ends = new HashMap<>();
        for (int j = 0; j < tokens.size(); j++) {
            starts.put(tokens.get(j).start(), j);
            ends.put(tokens.get(j).end(), j);
        }
        int dropped = 0;
        int written = 0;
        for (Span s : d.sortedSpans()) {
            Integer first = starts.get(s.start());
            Integer last = ends.get(s.end());
            Integer type = typeIds.get(s.label());
            if (first == null || last == null || last < first || type == null) {
                dropped++;
                continue;
            }
            out.add(type);
            for (int j = first; j <= last; j++) {
                out.add(fixed.size() + j);
            }
            written++;
        }
        if (written == 0 && noneId >= 0) {
            out.add(noneId);
        }
        out.add(END);
        return new Target(out.stream().mapToInt(Integer::intValue).toArray(), dropped);
    }

    /**
     * The token vocabulary of one input, for the constrained decoder: the fixed tokens (same ids), then per position
     * {@code j} its bare token (id {@code F + 2j}) and its joined token ({@code F + 2j + 1}), then every character of
     * {@code alphabet} as a fallback token, which the network does not score.
     */
    public InputVocabulary forInput(String text, List<Token> tokens, Set<Character> alphabet) {
        List<String> strings = new ArrayList<>(fixed);
        for (int j = 0; j < tokens.size(); j++) {
            Token t = tokens.get(j);
            int joinedStart = j == 0 ? t.start() : tokens.get(j - 1).end();
            strings.add(SlgCodec.escape(t.surface(text)));
            strings.add(SlgCodec.escape(text.substring(joinedStart, t.end())));
        }
        int characters = strings.size();
        for (char c : alphabet) {
            strings.add(String.valueOf(c));
        }
        return new InputVocabulary(new TokenVocabulary(strings, END), fixed.size(), tokens.size(), characters);
    }

    /**
     * One input's decoder vocabulary and how its ids relate to the network's outputs.
     *
     * @param firstCharacter the id of the first fallback character token
     */
    public record InputVocabulary(TokenVocabulary vocabulary, int fixedCount, int positions, int firstCharacter) {
        /** The pointer position of a vocabulary id, or -1 for a fixed or character token. */
        public int position(int id) {
            return id >= fixedCount && id < firstCharacter ? (id - fixedCount) / 2 : -1;
        }

        /** Whether a pointer id is the joined variant. */
        public boolean joined(int id) {
            return position(id) >= 0 && (id - fixedCount) % 2 == 1;
        }

        /** The id of position {@code j}'s bare ({@code joined} false) or joined token. */
        public int pointer(int j, boolean joined) {
            return fixedCount + 2 * j + (joined ? 1 : 0);
        }
    }
}
