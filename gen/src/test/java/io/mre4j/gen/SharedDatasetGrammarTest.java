package io.mre4j.gen;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The output grammar of each document's text and of its data set's schema accepts the document's target, character
 * by character, for every document of every data set in the shared folder: the constraint never forbids a correct
 * answer. (The codec's own round trip over these data sets is checked in the CLI's SharedDatasetsTest.) Skipped when
 * the shared data is not there.
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
    void theGrammarAcceptsTheTargetOfEveryDocument() {
        Path root = root();
        for (Map.Entry<String, String> dataset : DATA.entrySet()) {
            Path path = root.resolve(dataset.getValue());
            // xSID's Chinese file has a record with an empty token; the reader skips and reports such records.
            List<Document> docs = Formats.readAll(Formats.resolve(null, path), path, new ReadOptions(null, true));
            Schema schema = Schema.infer(dataset.getKey(), docs);
            int checked = 0;
            for (Document d : docs) {
                if (d.labels().isEmpty() && schema.hasTextLevel()) {
                    continue;
                }
                SlgDialect dialect = SlgDialect.forLanguage(d.lang());
                String target = SlgCodec.encode(d, dialect);
                OutputGrammar grammar = new OutputGrammar(d.text(), schema.textLabels(), schema.multiLabel(),
                        schema.spanLabels(), dialect);
                assertTrue(accepts(grammar, target), dataset.getKey() + " " + d.id() + ": grammar refused " + target);
                checked++;
            }
            assertTrue(checked > 0.99 * docs.size(), dataset.getKey() + ": only " + checked + " documents checked");
            System.out.printf("output grammar, %s: accepts the targets of %d of %d documents (the rest have no text "
                    + "label)%n", dataset.getKey(), checked, docs.size());
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
