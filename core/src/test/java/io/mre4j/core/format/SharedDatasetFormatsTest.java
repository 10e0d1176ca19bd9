package io.mre4j.core.format;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.DocumentValidator;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads the real data sets in the shared folder with the semeval14, chabsa and stockmark formats and checks the
 * document counts their sources publish. Skipped when the shared data is not there, such as outside the workspace.
 */
class SharedDatasetFormatsTest {
    private static Path data(String relative) {
        String shared = System.getProperty("mre4j.shared");
        Path root = (shared != null && !shared.isEmpty() ? Path.of(shared) : Path.of("..", "shared")).resolve("data");
        Path path = root.resolve(relative);
        assumeTrue(Files.exists(path), "shared data not found at " + path.toAbsolutePath().normalize()
                + " (set -Dmre4j.shared to the folder holding data/)");
        return path;
    }

    private static List<Document> readValid(String format, Path path) {
        List<Document> docs = FormatTestSupport.read(format, path);
        DocumentValidator validator = DocumentValidator.structural();
        for (Document d : docs) {
            assertEquals(List.of(), validator.problems(d), d.id());
        }
        return docs;
    }

    @Test
    void semeval14RestaurantsTrainAndTest() {
        for (var split : Map.of("Restaurants_Train.xml", 3044, "Restaurants_Test_Gold.xml", 800).entrySet()) {
            List<Document> docs = readValid("semeval14",
                    data("semeval2014-absa-restaurants/" + split.getKey()));
            assertEquals(split.getValue(), docs.size(), split.getKey());
            Map<String, Integer> spanLabels = new TreeMap<>();
            Map<String, Integer> textLabels = new TreeMap<>();
            for (Document d : docs) {
                d.spans().forEach(s -> spanLabels.merge(s.label(), 1, Integer::sum));
                d.labels().forEach(l -> textLabels.merge(l, 1, Integer::sum));
            }
            System.out.printf("semeval14 %s: %d documents, term polarities %s, category labels %s%n",
                    split.getKey(), docs.size(), spanLabels, textLabels);
        }
    }

    @Test
    void chabsaDevelopmentPart() {
        List<Document> docs = readValid("chabsa", data("chabsa-dev"));
        assertEquals(3592, docs.size());
        int opinions = 0;
        int mergedGroups = 0;
        int conflicts = 0;
        Map<String, Integer> labels = new TreeMap<>();
        for (Document d : docs) {
            List<?> original = (List<?>) d.meta().get("opinions");
            opinions += original.size();
            Map<List<Object>, Integer> perRange = new HashMap<>();
            for (Object o : original) {
                Map<?, ?> opinion = (Map<?, ?>) o;
                perRange.merge(List.of(opinion.get("start"), opinion.get("end")), 1, Integer::sum);
            }
            mergedGroups += (int) perRange.values().stream().filter(n -> n > 1).count();
            conflicts += (int) d.spans().stream().map(Span::label).filter("conflict"::equals).count();
            labels.merge(d.labels().get(0), 1, Integer::sum);
        }
        assertEquals(4513, opinions);
        System.out.printf("chabsa-dev: %d sentences, %d opinions, %d same-range groups merged, %d of them "
                + "conflict; sentence labels %s%n", docs.size(), opinions, mergedGroups, conflicts, labels);
    }

    @Test
    void stockmarkWikipediaNer() {
        List<Document> docs = readValid("stockmark", data("ner-wikipedia-ja/ner.json"));
        assertEquals(5343, docs.size());
        Map<String, Integer> types = new TreeMap<>();
        docs.forEach(d -> d.spans().forEach(s -> types.merge(s.label(), 1, Integer::sum)));
        System.out.printf("stockmark: %d documents, %d entities %s%n", docs.size(),
                types.values().stream().mapToInt(Integer::intValue).sum(), types);
    }
}
