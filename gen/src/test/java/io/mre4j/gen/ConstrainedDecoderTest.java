package io.mre4j.gen;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property tests of the constraint mechanism: with random scorers, every output under the full constraint is
 * well-formed and grounded, for English, Japanese and Chinese inputs, character and subword vocabularies, greedy and
 * beam search, both dialects, single- and multi-label schemas; and the grammar accepts every target the codec writes.
 */
class ConstrainedDecoderTest {
    private static final List<String[]> TEXTS = List.of(
            new String[] {"en", "fly from boston to denver on friday"},
            new String[] {"en", "fares: boston; denver = cheap <really>"},
            new String[] {"en", "path a/RE/b and c\\d  then  x/EE/"},
            new String[] {"ja", "株式会社SPRiNGSの業績は、好調です。"},
            new String[] {"ja", "東京駅から大阪まで　行きたい"},
            new String[] {"zh", "我想听周杰伦的歌"},
            new String[] {"zh", "打开空调：温度；二十度"});
    private static final List<String> TEXT_LABELS = List.of("flight", "air:fare", "a<b>c", "社会", "音乐");
    private static final List<String> SPAN_LABELS = List.of("city", "date;time", "組織名", "/RE/x");
    private static final SlgDialect[] DIALECTS = {SlgDialect.NER, SlgDialect.SCNM};

    @Test
    void everyFullyConstrainedOutputIsWellFormedAndGrounded() {
        Random random = new Random(11);
        int decoded = 0;
        int withEntities = 0;
        for (int trial = 0; trial < 240; trial++) {
            String[] input = TEXTS.get(trial % TEXTS.size());
            SlgDialect dialect = DIALECTS[(trial / TEXTS.size()) % 2];
            boolean multiLabel = trial % 3 == 0;
            boolean subwords = trial % 2 == 0;
            int width = trial % 4 < 2 ? 1 : 3;
            TokenVocabulary vocabulary = subwords ? subwordVocabulary(random) : characterVocabulary();
            OutputGrammar grammar = new OutputGrammar(input[1], TEXT_LABELS, multiLabel, SPAN_LABELS, dialect);
            ConstrainedDecoder decoder = new ConstrainedDecoder(vocabulary, 60);
            ConstrainedDecoder.Result result = decoder.beam(randomScorer(vocabulary, random.nextLong()),
                    Constraint.FULL, grammar, width);
            assertTrue(result.finished(), "did not finish: " + result.text());
            Document d = parse(input, result.text(), dialect);
            assertWellFormed(d, input[1], multiLabel);
            decoded++;
            withEntities += d.spans().isEmpty() ? 0 : 1;
        }
        assertEquals(240, decoded);
        assertTrue(withEntities > 40, "random decoding should often write entities, wrote them " + withEntities
                + " times");
    }

    @Test
    void theGrammarAcceptsEveryTargetTheCodecWrites() {
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            String[] input = TEXTS.get(trial % TEXTS.size());
            SlgDialect dialect = DIALECTS[trial % 2];
            boolean multiLabel = trial % 3 != 0;
            Document gold = randomDocument(input, multiLabel, random);
            String target = SlgCodec.encode(gold, dialect);
            OutputGrammar grammar = new OutputGrammar(input[1], TEXT_LABELS, multiLabel, SPAN_LABELS, dialect);
            OutputGrammar.State state = grammar.start();
            for (int i = 0; i < target.length(); i++) {
                int left = grammar.minimumToAccept(state);
                assertTrue(left <= target.length() - i, "shortest completion longer than the rest of " + target);
                state = grammar.advance(state, target.charAt(i));
                if (state == null) {
                    fail("refused '" + target.charAt(i) + "' at " + i + " of " + target);
                }
            }
            assertTrue(grammar.accepts(state), "did not accept " + target);
        }
    }

    @Test
    void theGrammarRefusesInventedEntitiesLabelsAndTypes() {
        OutputGrammar grammar = new OutputGrammar("fly to boston", List.of("flight"), false, List.of("city"),
                SlgDialect.NER);
        assertTrue(accepts(grammar, "<flight>/NER/:city;boston"));
        assertTrue(accepts(grammar, "<flight>/NER/"));
        assertFalse(accepts(grammar, "<flight>/NER/:city;paris"), "an entity not in the text");
        assertFalse(accepts(grammar, "<hotel>/NER/:city;boston"), "a label outside the schema");
        assertFalse(accepts(grammar, "<flight>/NER/:town;boston"), "a type outside the schema");
        assertFalse(accepts(grammar, "<flight><flight>/NER/"), "two labels for a single-label task");
        assertFalse(accepts(grammar, "<flight>/NER/:city;to boston "), "an entity ending in white space");
        assertFalse(accepts(grammar, "<flight>/NER/:city;"), "an empty entity");
        assertFalse(accepts(grammar, "/NER/:city;boston"), "no text label");
        OutputGrammar scnm = new OutputGrammar("東京へ", List.of("社会"), false, List.of("地名"), SlgDialect.SCNM);
        assertTrue(accepts(scnm, "<社会>固有表現抽出:無い;"));
        assertTrue(accepts(scnm, "<社会>固有表現抽出:地名;東京"));
        assertFalse(accepts(scnm, "<社会>固有表現抽出"), "SCNM writes no entity as :無い;");
        assertFalse(accepts(scnm, "<社会>固有表現抽出:地名;東京:無い;"), "the none marker after an entity");
    }

    @Test
    void freeDecodingWithARandomScorerBreaksTheFormatAndTheFirstTokenConstraintDoesNotFixIt() {
        Random random = new Random(3);
        TokenVocabulary vocabulary = subwordVocabulary(random);
        int invalidFree = 0;
        int invalidFirstToken = 0;
        for (int trial = 0; trial < 40; trial++) {
            String[] input = TEXTS.get(trial % TEXTS.size());
            ConstrainedDecoder decoder = new ConstrainedDecoder(vocabulary, 40);
            long seed = random.nextLong();
            invalidFree += valid(input, decoder.greedy(randomScorer(vocabulary, seed), Constraint.NONE, null)) ? 0 : 1;
            ConstrainedDecoder.Result first = decoder.greedy(randomScorer(vocabulary, seed), Constraint.FIRST_TOKEN,
                    null);
            assertTrue(first.text().startsWith("<"), first.text());
            invalidFirstToken += valid(input, first) ? 0 : 1;
        }
        assertTrue(invalidFree > 30, "free decoding was valid too often: " + (40 - invalidFree) + " of 40");
        assertTrue(invalidFirstToken > 30, "first-token decoding was valid too often: " + (40 - invalidFirstToken));
    }

    @Test
    void aScorerThatPrefersAnInventedEntityIsKeptToTheText() {
        TokenVocabulary vocabulary = characterVocabulary();
        String wanted = "<flight>/NER/:city;paris";
        NextTokenScorer scorer = prefix -> {
            float[] logits = new float[vocabulary.size()];
            String written = vocabulary.text(prefix);
            if (written.length() < wanted.length() && wanted.startsWith(written)) {
                logits[idOf(vocabulary, String.valueOf(wanted.charAt(written.length())))] = 10;
            } else {
                logits[vocabulary.endOfSequence()] = 10;
            }
            return logits;
        };
        ConstrainedDecoder.Result free = new ConstrainedDecoder(vocabulary, 40).greedy(scorer, Constraint.NONE, null);
        assertEquals(wanted, free.text());
        OutputGrammar grammar = new OutputGrammar("fly to boston", List.of("flight"), false, List.of("city"), SlgDialect.NER);
        ConstrainedDecoder.Result constrained = new ConstrainedDecoder(vocabulary, 40).greedy(scorer,
                Constraint.FULL, grammar);
        assertTrue(constrained.finished());
        Document d = parse(new String[] {"en", "fly to boston"}, constrained.text(), SlgDialect.NER);
        assertEquals(List.of("flight"), d.labels());
        d.spans().forEach(s -> assertTrue("fly to boston".contains(s.surface(d.text()))));
    }

    @Test
    void aVocabularyThatCannotSpellTheOutputOrATooSmallBudgetIsRefused() {
        TokenVocabulary letters = new TokenVocabulary(List.of("</s>", "a", "b"), 0);
        OutputGrammar grammar = new OutputGrammar("ab", List.of("x"), false, List.of("y"), SlgDialect.NER);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConstrainedDecoder(letters, 20).greedy(p -> new float[3], Constraint.FULL, grammar));
        assertTrue(e.getMessage().contains("<"), e.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new ConstrainedDecoder(characterVocabulary(), 5).greedy(p -> new float[0], Constraint.FULL,
                        grammar));
        assertTrue(small.getMessage().contains("too small"), small.getMessage());
    }

    private static boolean accepts(OutputGrammar grammar, String target) {
        OutputGrammar.State state = grammar.start();
        for (int i = 0; i < target.length() && state != null; i++) {
            state = grammar.advance(state, target.charAt(i));
        }
        return state != null && grammar.accepts(state);
    }

    private static boolean valid(String[] input, ConstrainedDecoder.Result result) {
        try {
            Document d = SlgCodec.decode(Document.unlabelled("x", input[0], input[1]), result.text(), SlgDialect.NER);
            return result.finished() && TEXT_LABELS.containsAll(d.labels()) && d.labels().size() == 1
                    && d.spans().stream().allMatch(s -> SPAN_LABELS.contains(s.label()));
        } catch (SlgCodec.SyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Document parse(String[] input, String target, SlgDialect dialect) {
        try {
            return SlgCodec.decode(Document.unlabelled("x", input[0], input[1]), target, dialect);
        } catch (SlgCodec.SyntaxException e) {
            throw new AssertionError("not well-formed: " + target + " (" + e.getMessage() + ")", e);
        }
    }

    private static void assertWellFormed(Document d, String text, boolean multiLabel) {
        assertTrue(TEXT_LABELS.containsAll(d.labels()), "labels " + d.labels());
        if (multiLabel) {
            assertFalse(d.labels().isEmpty());
            assertEquals(new LinkedHashSet<>(d.labels()).size(), d.labels().size(), "repeated label " + d.labels());
        } else {
            assertEquals(1, d.labels().size(), "labels " + d.labels());
        }
        for (Span s : d.spans()) {
            assertTrue(SPAN_LABELS.contains(s.label()), "type " + s.label());
            String surface = text.substring(s.start(), s.end());
            assertFalse(surface.isEmpty());
            assertEquals(surface.strip(), surface, "surface with white space at an edge");
        }
    }

    private static Document randomDocument(String[] input, boolean multiLabel, Random random) {
        String text = input[1];
        List<String> labels = new ArrayList<>();
        int count = multiLabel ? 1 + random.nextInt(3) : 1;
        while (labels.size() < count) {
            String label = TEXT_LABELS.get(random.nextInt(TEXT_LABELS.size()));
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        List<Span> spans = new ArrayList<>();
        int entities = random.nextInt(3);
        for (int i = 0; i < entities; i++) {
            int start = random.nextInt(text.length());
            int end = Math.min(text.length(), start + 1 + random.nextInt(6));
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            if (start < end) {
                spans.add(new Span(start, end, SPAN_LABELS.get(random.nextInt(SPAN_LABELS.size()))));
            }
        }
        return Document.of("g", input[0], text, labels, spans.stream().distinct().toList());
    }

    private static NextTokenScorer randomScorer(TokenVocabulary vocabulary, long seed) {
        Random random = new Random(seed);
        return prefix -> {
            float[] logits = new float[vocabulary.size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (2 * random.nextGaussian());
            }
            return logits;
        };
    }

    /** One token per character that any input, label, type or separator uses, and the end of sequence. */
    private static TokenVocabulary characterVocabulary() {
        Set<String> tokens = new LinkedHashSet<>();
        tokens.add("</s>");
        for (String s : pieces()) {
            s.codePoints().forEach(c -> tokens.add(new String(Character.toChars(c))));
        }
        return new TokenVocabulary(new ArrayList<>(tokens), 0);
    }

    /** The characters, plus random multi-character pieces of the inputs, labels and separators. */
    private static TokenVocabulary subwordVocabulary(Random random) {
        Set<String> tokens = new LinkedHashSet<>(characterVocabulary().tokens());
        for (String s : pieces()) {
            for (int i = 0; i < 6 && s.length() > 1; i++) {
                int start = random.nextInt(s.length() - 1);
                tokens.add(s.substring(start, Math.min(s.length(), start + 2 + random.nextInt(4))));
            }
        }
        tokens.addAll(List.of("<flight>", "/NER/", "/NER/:", ":city;", "固有表現抽出:", ":無い;", "><", "boston"));
        return new TokenVocabulary(new ArrayList<>(tokens), 0);
    }

    private static List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        TEXTS.forEach(t -> pieces.add(t[1]));
        TEXT_LABELS.forEach(l -> pieces.add("<" + SlgCodec.escape(l) + ">"));
        SPAN_LABELS.forEach(l -> pieces.add(":" + SlgCodec.escape(l) + ";"));
        pieces.add("/NER/\\");
        pieces.add("固有表現抽出:無い;");
        return pieces;
    }

    private static int idOf(TokenVocabulary vocabulary, String token) {
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.token(id).equals(token)) {
                return id;
            }
        }
        throw new AssertionError("no token " + token);
    }
}
