package io.mre4j.gen.seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.gen.Constraint;
import io.mre4j.model.Djl;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.model.train.TrainingListener;
import io.mre4j.model.train.TrainingSteps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trains a tiny generator on a tiny hand-written corpus and checks decoding, determinism and the bundle. */
class GenModelTest {
    private static final String[][] FLIGHTS = {
            {"fly from boston to denver", "boston", "denver"},
            {"flights from dallas to miami", "dallas", "miami"},
            {"book a flight from denver to boston", "denver", "boston"},
            {"fly from miami to dallas tomorrow", "miami", "dallas"},
            {"any flight from seattle to boston", "seattle", "boston"},
            {"flight from new york to seattle please", "new york", "seattle"},
    };
    private static final String[][] FARES = {
            {"cheapest fare to denver", "denver"},
            {"what is the fare to miami", "miami"},
            {"price of a ticket to new york", "new york"},
            {"fare to seattle", "seattle"},
            {"how much is a ticket to dallas", "dallas"},
            {"show me fares", null},
    };

    private static GenModel model;

    static List<Document> corpus() {
        List<Document> docs = new ArrayList<>();
        int n = 0;
        for (String[] f : FLIGHTS) {
            int from = f[0].indexOf(f[1]);
            int to = f[0].indexOf(f[2], from + f[1].length());
            docs.add(Document.of("t" + n++, "en", f[0], List.of("flight"), List.of(
                    new Span(from, from + f[1].length(), "from"), new Span(to, to + f[2].length(), "to"))));
        }
        for (String[] f : FARES) {
            List<Span> spans = new ArrayList<>();
            if (f[1] != null) {
                int to = f[0].indexOf(f[1]);
                spans.add(new Span(to, to + f[1].length(), "to"));
            }
            docs.add(Document.of("t" + n++, "en", f[0], List.of("airfare"), spans));
        }
        return docs;
    }

    static GenConfig config() {
        GenConfig config = new GenConfig();
        config.maxEpochs = 25;
        config.patience = 25;
        config.wordDim = 16;
        config.hidden = 16;
        config.decoderHidden = 32;
        config.tokenDim = 16;
        config.batchSize = 4;
        config.dropout = 0f;
        config.singletonUnk = 0f;
        config.learningRate = 0.01f;
        return config;
    }

    static GenModel train() {
        List<Document> docs = corpus();
        return new GenTrainer(config(), TrainingListener.SILENT).train("tiny", docs, docs, Map.of());
    }

    @BeforeAll
    static void trainOnce() {
        model = train();
    }

    private static List<Document> unseen() {
        List<Document> docs = new ArrayList<>();
        String[] texts = {"fly from denver to new york", "fare to boston", "", "to to to", "boston boston miami",
                "flights: from <dallas> to miami; cheap", "a flight from seattle to dallas please"};
        for (int i = 0; i < texts.length; i++) {
            docs.add(Document.unlabelled("u" + i, "en", texts[i]));
        }
        return docs;
    }

    @Test
    void learnsTheTrainingData() {
        List<Document> gold = corpus();
        long right = allRight(gold, model.extract(gold));
        assertTrue(right >= gold.size() - 2, "only " + right + " of " + gold.size() + " training documents right");
    }

    /** Documents whose labels and spans are all right. */
    private static long allRight(List<Document> gold, List<Document> predicted) {
        long right = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).labels().equals(predicted.get(i).labels())
                    && gold.get(i).sortedSpans().equals(predicted.get(i).sortedSpans())) {
                right++;
            }
        }
        return right;
    }

    @Test
    void fullConstraintOutputsAreAlwaysWellFormedAndGrounded() {
        for (GenModel.Decoded d : model.decodeAll(unseen())) {
            assertTrue(d.valid() && d.grounded() && d.finished(), d.output());
            Document doc = d.document();
            assertEquals(1, doc.labels().size(), d.output());
            assertTrue(List.of("airfare", "flight").contains(doc.labels().get(0)));
            for (Span s : doc.spans()) {
                assertTrue(s.start() >= 0 && s.end() <= doc.text().length() && s.start() < s.end(), d.output());
                assertTrue(List.of("from", "to").contains(s.label()));
            }
            Document reparsed = assertParses(doc, d.output());
            assertEquals(doc.spans(), reparsed.spans());
        }
    }

    private static Document assertParses(Document base, String output) {
        try {
            return SlgCodec.decode(base, output, SlgDialect.NER);
        } catch (SlgCodec.SyntaxException e) {
            throw new AssertionError(output + ": " + e.getMessage(), e);
        }
    }

    @Test
    void freeAndFirstTokenDecodingRunAndReportValidity() {
        for (Constraint c : List.of(Constraint.NONE, Constraint.FIRST_TOKEN)) {
            List<GenModel.Decoded> decoded = model.decoding(c, 1).decodeAll(corpus());
            long valid = decoded.stream().filter(GenModel.Decoded::valid).count();
            assertTrue(valid >= corpus().size() - 2, c + ": " + valid + " valid");
            for (GenModel.Decoded d : decoded) {
                if (!d.valid()) {
                    assertTrue(d.document().labels().isEmpty() && d.document().spans().isEmpty());
                }
            }
        }
    }

    @Test
    void beamSearchUnderTheFullConstraintAgreesOnTrainingData() {
        List<Document> greedy = model.extract(corpus());
        List<Document> beam = model.decoding(Constraint.FULL, 3).extract(corpus());
        long same = 0;
        for (int i = 0; i < greedy.size(); i++) {
            if (greedy.get(i).labels().equals(beam.get(i).labels())
                    && greedy.get(i).spans().equals(beam.get(i).spans())) {
                same++;
            }
        }
        assertTrue(same >= greedy.size() - 2, same + " of " + greedy.size());
    }

    @Test
    void trainingIsDeterministicForASeed() {
        GenModel again = train();
        assertArrayEquals(TrainingSteps.snapshot((GenNetwork) model.djlModel().getBlock()),
                TrainingSteps.snapshot((GenNetwork) again.djlModel().getBlock()));
        assertEquals(model.provenance().get("devMetrics"), again.provenance().get("devMetrics"));
        again.close();
    }

    @Test
    void bundleRoundTrips(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.mre");
        GenBundle.write(model, file);
        GenModel loaded = GenBundle.read(file);
        assertEquals(model.schema(), loaded.schema());
        List<GenModel.Decoded> before = model.decodeAll(unseen());
        List<GenModel.Decoded> after = loaded.decodeAll(unseen());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).output(), after.get(i).output());
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Path corrupt = dir.resolve("corrupt.mre");
        Files.write(corrupt, bytes);
        assertThrows(DataException.class, () -> GenBundle.read(corrupt));
    }

    /** With a character CNN in the encoder it still learns, decodes well-formed outputs and round-trips its bundle. */
    @Test
    void withCharactersItLearnsAndRoundTrips(@TempDir Path dir) throws Exception {
        GenConfig config = config();
        config.charFilters = 8;
        config.charDim = 4;
        List<Document> gold = corpus();
        try (GenModel withChars = new GenTrainer(config, TrainingListener.SILENT).train("tiny", gold, gold,
                Map.of())) {
            GenNetwork network = (GenNetwork) withChars.djlModel().getBlock();
            assertEquals(8, network.dimensions().charFilters());
            assertTrue(network.dimensions().chars() > 10, "characters of the corpus: " + network.dimensions());
            long right = allRight(gold, withChars.extract(gold));
            assertTrue(right >= gold.size() - 2, "only " + right + " of " + gold.size() + " right");
            assertDecodesTheSameAfterReloading(withChars, dir.resolve("chars.mre"));
        }
    }

    /** With static word vectors it still learns, refers to their jar, and round-trips its bundle. */
    @Test
    void withWordVectorsItLearnsAndRoundTrips(@TempDir Path dir) throws Exception {
        GenConfig config = config();
        config.wordVectors = "auto";
        List<Document> gold = corpus();
        try (GenModel withVectors = new GenTrainer(config, TrainingListener.SILENT).train("tiny", gold, gold,
                Map.of())) {
            GenNetwork network = (GenNetwork) withVectors.djlModel().getBlock();
            assertEquals("minilm-en", network.dimensions().wordVectors(), "auto: English data, MiniLM's vectors");
            long right = allRight(gold, withVectors.extract(gold));
            assertTrue(right >= gold.size() - 2, "only " + right + " of " + gold.size() + " right");
            Path file = dir.resolve("vectors.mre");
            assertDecodesTheSameAfterReloading(withVectors, file);
            assertEquals("minilm-en", ModelBundle.readManifest(file).get("wordVectors").get("id").asText());
        }
    }

    /**
     * The text classifier over the encoder learns the training labels by itself (its argmax, without the decoder); with
     * {@code textClassifier} 0 the network has none and the decoder alone still learns.
     */
    @Test
    void theTextClassifierLearnsTheLabelsAndCanBeTurnedOff() {
        GenNetwork network = (GenNetwork) model.djlModel().getBlock();
        assertEquals(model.schema().textLabels().size(), network.dimensions().textLabels());
        List<Document> gold = corpus();
        int[] right = {0};
        Djl.withoutGradients(() -> {
            try (NDManager manager = model.djlModel().getNDManager().newSubManager()) {
                ParameterStore store = new ParameterStore(manager, false);
                for (Document d : gold) {
                    var tokens = GenModel.tokens(d.text(), "en", 256);
                    NDArray words = manager.create(
                            new int[][] {GenModel.wordIds(model.vocabulary(), d.text(), tokens)});
                    int best = (int) network.textLogits(store, network.encode(store, words, null, null, false), false)
                            .argMax(-1).getLong(0);
                    if (model.schema().textLabels().get(best).equals(d.labels().get(0))) {
                        right[0]++;
                    }
                }
            }
        });
        assertTrue(right[0] >= gold.size() - 1, "the classifier alone: " + right[0] + " of " + gold.size());

        GenConfig config = config();
        config.textClassifier = 0;
        try (GenModel without = new GenTrainer(config, TrainingListener.SILENT).train("tiny", gold, gold, Map.of())) {
            assertEquals(0, ((GenNetwork) without.djlModel().getBlock()).dimensions().textLabels());
            long decoded = allRight(gold, without.extract(gold));
            assertTrue(decoded >= gold.size() - 2, "only " + decoded + " of " + gold.size() + " right");
        }
    }

    /**
     * Multi-label data: the classifier is trained with one logistic loss per label and adds log-sigmoids when decoding;
     * texts asking for flights and fares get both labels.
     */
    @Test
    void theTextClassifierHandlesMultiLabelData() {
        List<Document> gold = new ArrayList<>(corpus());
        String[] both = {"flights and fares to denver", "flights and fares to miami", "flights and fares to dallas",
                "flights and fares to boston"};
        for (int i = 0; i < both.length; i++) {
            String city = both[i].substring(both[i].lastIndexOf(' ') + 1);
            int at = both[i].lastIndexOf(city);
            gold.add(Document.of("m" + i, "en", both[i], List.of("airfare", "flight"),
                    List.of(new Span(at, at + city.length(), "to"))));
        }
        try (GenModel multi = new GenTrainer(config(), TrainingListener.SILENT).train("multi", gold, gold, Map.of())) {
            assertTrue(multi.schema().multiLabel());
            assertEquals(2, ((GenNetwork) multi.djlModel().getBlock()).dimensions().textLabels());
            List<GenModel.Decoded> decoded = multi.decodeAll(gold);
            long right = 0;
            for (int i = 0; i < gold.size(); i++) {
                assertTrue(decoded.get(i).valid(), decoded.get(i).output());
                if (decoded.get(i).document().labels().stream().sorted().toList().equals(gold.get(i).labels())) {
                    right++;
                }
            }
            assertTrue(right >= gold.size() - 2, "label sets right: " + right + " of " + gold.size());
        }
    }

    /**
     * Training and decoding leave nothing in the model's manager but its weights: the token table and every decoder
     * state of the dev set's decoding used to stay there (a SNIPS training ran out of memory at epoch 21).
     */
    @Test
    void longerTrainingLeavesNoMoreArraysInTheModel() {
        assertEquals(arraysAfter(2), arraysAfter(5), "arrays in the model's manager after 2 and after 5 epochs");
    }

    private static int arraysAfter(int epochs) {
        GenConfig config = config();
        config.maxEpochs = epochs;
        config.patience = epochs;
        List<Document> docs = corpus();
        try (GenModel trained = new GenTrainer(config, TrainingListener.SILENT).train("tiny", docs, docs, Map.of())) {
            trained.extract(unseen());
            return trained.djlModel().getNDManager().getManagedArrays().size();
        }
    }

    /** Writes {@code model} to {@code file}, reads it back, and compares their outputs on unseen texts. */
    private static void assertDecodesTheSameAfterReloading(GenModel model, Path file) throws Exception {
        GenBundle.write(model, file);
        try (GenModel loaded = GenBundle.read(file)) {
            List<GenModel.Decoded> before = model.decodeAll(unseen());
            List<GenModel.Decoded> after = loaded.decodeAll(unseen());
            for (int i = 0; i < before.size(); i++) {
                assertTrue(after.get(i).valid(), after.get(i).output());
                assertEquals(before.get(i).output(), after.get(i).output());
            }
        }
    }

    @Test
    void targetsAreWrittenWithPointersToTokens() {
        for (Document d : corpus()) {
            var tokens = GenModel.tokens(d.text(), "en", 256);
            OutputSpace.Target target = model.outputSpace().target(d, tokens);
            assertEquals(0, target.dropped());
            assertEquals(SlgCodec.encode(d, SlgDialect.NER), spell(model.outputSpace(), d, tokens, target));
        }
        Document inside = Document.of("x", "en", "fly to bostonians", List.of("flight"),
                List.of(new Span(7, 13, "to")));
        OutputSpace.Target target = model.outputSpace().target(inside, GenModel.tokens(inside.text(), "en", 256));
        assertEquals(1, target.dropped(), "a span ending inside a token cannot be copied");
        assertEquals(3, target.outputs().length, "label, task word, end");
    }

    @Test
    void japaneseUsesTheScnmDialectWithItsNoEntityMarker() {
        String[][] rows = {{"東京から大阪へ行く", "東京", "大阪"}, {"大阪から名古屋へ行く", "大阪", "名古屋"},
                {"名古屋から東京へ行く", "名古屋", "東京"}, {"今日は晴れです", null, null}};
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            List<Span> spans = new ArrayList<>();
            String text = rows[i][0];
            if (rows[i][1] != null) {
                spans.add(new Span(text.indexOf(rows[i][1]), text.indexOf(rows[i][1]) + rows[i][1].length(), "出発"));
                spans.add(new Span(text.indexOf(rows[i][2]), text.indexOf(rows[i][2]) + rows[i][2].length(), "到着"));
            }
            docs.add(Document.of("j" + i, "ja", text, List.of(spans.isEmpty() ? "天気" : "旅行"), spans));
        }
        GenConfig config = config();
        config.maxEpochs = 6;
        try (GenModel japanese = new GenTrainer(config, TrainingListener.SILENT).train("ja", docs, docs, Map.of())) {
            assertEquals(SlgDialect.SCNM, japanese.outputSpace().dialect());
            for (Document d : docs) {
                var tokens = GenModel.tokens(d.text(), "ja", 256);
                OutputSpace.Target target = japanese.outputSpace().target(d, tokens);
                assertEquals(0, target.dropped());
                assertEquals(SlgCodec.encode(d, SlgDialect.SCNM), spell(japanese.outputSpace(), d, tokens, target));
            }
            List<Document> unseen = List.of(Document.unlabelled("n", "ja", "名古屋から大阪へ"),
                    Document.unlabelled("e", "ja", "雨"));
            for (GenModel.Decoded d : japanese.decodeAll(unseen)) {
                assertTrue(d.valid() && d.output().contains("固有表現抽出"), d.output());
                assertEquals(1, d.document().labels().size(), d.output());
            }
        }
    }

    /** The string a gold target spells with the input's pointer tokens. */
    private static String spell(OutputSpace space, Document d, List<io.mre4j.core.token.Token> tokens,
                                OutputSpace.Target target) {
        var vocabulary = space.forInput(d.text(), tokens, Set.of());
        StringBuilder written = new StringBuilder();
        int previous = -2;
        for (int output : target.outputs()) {
            if (output < space.fixedCount()) {
                written.append(output == OutputSpace.END ? "" : vocabulary.vocabulary().token(output));
                previous = -2;
            } else {
                int j = output - space.fixedCount();
                written.append(vocabulary.vocabulary().token(vocabulary.pointer(j, previous == j - 1)));
                previous = j;
            }
        }
        return written.toString();
    }
}
