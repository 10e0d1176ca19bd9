package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every dataset in {@code ../shared/data}, through the real command: it converts to JSONL with exactly the count its
 * SOURCE.md states (format detected from the path), the JSONL validates, and JSONL to SLG and back keeps every label
 * and span except the re-groundings that {@code convert} counts and announces. Skipped when the data is absent.
 */
class SharedDatasetsTest {
    private static final Pattern REGROUNDED = Pattern.compile("(\\d+) span\\(s\\) share their surface");

    @TempDir
    Path dir;

    static Path shared() {
        String configured = System.getProperty("mre4j.shared");
        return Path.of(configured != null ? configured : "../shared").resolve("data");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "atis/test, 893",
            "atis/train, 4478",
            "snips/train, 13084",
            "cais/train/ch.train, 7995",
            "semeval2014-absa-restaurants/Restaurants_Train.xml, 3044",
            "chabsa-dev, 3592",
            "ner-wikipedia-ja/ner.json, 5343",
            "xsid/ja.test.conll, 250",
    })
    void convertsValidatesAndRoundTripsThroughSlg(String relative, int expected) throws Exception {
        Path input = shared().resolve(relative);
        Assumptions.assumeTrue(Files.exists(input), "shared data not found at " + input + "; skipping");
        Path jsonl = dir.resolve("data.jsonl");
        Cli convert = Cli.run("convert", "--to", "jsonl", input, jsonl);
        assertEquals(0, convert.code(), convert.toString());
        List<Document> documents = Formats.readAll(new JsonlFormat(), jsonl, ReadOptions.DEFAULT);
        assertEquals(expected, documents.size());

        Cli validate = Cli.run("validate", jsonl);
        assertEquals(0, validate.code(), validate.toString());

        Path slg = dir.resolve("data.slg.jsonl");
        Cli toSlg = Cli.run("convert", "--to", "slg", jsonl, slg);
        assertEquals(0, toSlg.code(), toSlg.toString());
        Matcher announced = REGROUNDED.matcher(toSlg.out());
        assertTrue(announced.find(), toSlg.out());
        Path back = dir.resolve("back.jsonl");
        Cli fromSlg = Cli.run("convert", "--to", "jsonl", slg, back);
        assertEquals(0, fromSlg.code(), fromSlg.toString());
        List<Document> roundTripped = Formats.readAll(new JsonlFormat(), back, ReadOptions.DEFAULT);

        assertEquals(documents.size(), roundTripped.size());
        int moved = 0;
        int spans = 0;
        for (int i = 0; i < documents.size(); i++) {
            Document original = documents.get(i);
            Document again = roundTripped.get(i);
            assertEquals(original.id(), again.id());
            assertEquals(original.text(), again.text());
            assertEquals(original.labels(), again.labels(), original.id());
            assertEquals(original.spans().size(), again.spans().size(), original.id());
            Set<Span> kept = new HashSet<>(again.spans());
            for (Span s : original.spans()) {
                spans++;
                if (!kept.contains(s)) {
                    moved++;
                    Span same = again.spans().stream().filter(o -> o.label().equals(s.label())
                            && o.surface(again.text()).equals(s.surface(original.text()))).findFirst().orElse(null);
                    assertTrue(same != null, "re-grounded span keeps its label and surface: " + original.id());
                }
            }
        }
        assertEquals(Integer.parseInt(announced.group(1)), moved, "convert announces every re-grounding");
        System.out.printf("%s: %d documents, %d spans, %d re-grounded by the SLG round trip%n", relative,
                documents.size(), spans, moved);
    }
}
