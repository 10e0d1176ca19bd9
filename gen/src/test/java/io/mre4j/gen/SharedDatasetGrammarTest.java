package io.mre4j.gen;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.doc.Span;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every document of every data set in the shared folder goes through the generative form: encoding then decoding
 * gives back its labels and its spans (up to the counted re-grounding of repeated surfaces), and the output grammar of
 * its text and schema accepts its target, character by character. So the constraint never forbids a correct answer.
 * Skipped when the shared data is not there.
 */
class SharedDatasetGrammarTest {
    private static final Map<String, String> DATA = new LinkedHashMap<>();

    static {
        DATA.put("atis", "atis/train");
        DATA.put("snips", "snips/train");
        DATA.put("cais", "cais/train/ch.train");
        DATA.put("xsid-ja", "xsid/ja.valid.conll");
        DATA.put("xsid-en", "xsid/en.valid.conll");
        DATA.put("xsid-zh", "xsid/zh.valid.conll");
        DATA.put("semeval14", "semeval2014-absa-restaurants/Restaurants_Train.xml");
        DATA.put("chabsa", "chabsa-dev");
        DATA.put("stockmark", "ner-wikipedia-ja/ner.json");
    }

    @Test
    void everyDocumentRoundTripsAndItsTargetIsAccepted() throws Exception {
        Path root = root();
        for (Map.Entry<String, String> dataset : DATA.entrySet()) {
            Path path = root.resolve(dataset.getValue());
            // xSID's Chinese file has a record with an empty token; the reader skips and reports such records.
            List<Document> docs = Formats.readAll(Formats.resolve(null, path), path, new ReadOptions(null, true));
            Schema schema = Schema.infer(dataset.getKey(), docs);
            int regrounded = 0;
            int spans = 0;
            for (Document d : docs) {
                SlgDialect dialect = SlgDialect.forLanguage(d.lang());
                String target = SlgCodec.encode(d, dialect);
                Document decoded = SlgCodec.decode(Document.unlabelled(d.id(), d.lang(), d.text()), target, dialect);
                assertEquals(d.labels(), decoded.labels(), dataset.getKey() + " " + d.id());
                assertEquals(d.spans().size(), decoded.spans().size(), dataset.getKey() + " " + d.id());
                Set<Span> moved = new HashSet<>(SlgCodec.regrounded(d, dialect));
                for (Span s : decoded.spans()) {
                    assertEquals(s.surface(d.text()), d.text().substring(s.start(), s.end()));
                }
                List<Span> kept = new ArrayList<>(d.sortedSpans());
                kept.removeAll(moved);
                assertTrue(new HashSet<>(decoded.spans()).containsAll(kept), dataset.getKey() + " " + d.id());
                regrounded += moved.size();
                spans += d.spans().size();
                if (!d.labels().isEmpty() || !schema.hasTextLevel()) {
                    OutputGrammar grammar = new OutputGrammar(d.text(), schema.textLabels(), schema.multiLabel(),
                            schema.spanLabels(), dialect);
                    assertTrue(accepts(grammar, target), dataset.getKey() + " " + d.id() + ": grammar refused "
                            + target);
                }
            }
            System.out.printf("generative form, %s: %d documents, %d spans, %d re-grounded to another occurrence%n",
                    dataset.getKey(), docs.size(), spans, regrounded);
        }
    }

    private static boolean accepts(OutputGrammar grammar, String target) {
        OutputGrammar.State state = grammar.start();
        for (int i = 0; i < target.length() && state != null; i++) {
            state = grammar.advance(state, target.charAt(i));
        }
        return state != null && grammar.accepts(state);
    }

    private static Path root() {
        String shared = System.getProperty("mre4j.shared");
        Path root = (shared != null && !shared.isEmpty() ? Path.of(shared) : Path.of("..", "shared")).resolve("data");
        assumeTrue(Files.isDirectory(root), "shared data not found at " + root.toAbsolutePath().normalize()
                + " (set -Dmre4j.shared to the folder holding data/)");
        return root;
    }
}
