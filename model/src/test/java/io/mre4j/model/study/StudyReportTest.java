package io.mre4j.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study reports from a hand-made result: a self-contained HTML page, the Markdown tables, atomic writing. */
class StudyReportTest {
    /** A study result made by hand: two seeds, joint better on TL, no difference on WL and ALL. */
    static StudyResult fixture() {
        List<ModelRun> runs = List.of(
                new ModelRun("joint", 42, Map.of("tl.accuracy", 0.9, "wl.f1", 0.8, "all.exactMatch", 0.7), 10, 3),
                new ModelRun("text", 42, Map.of("tl.accuracy", 0.85), 6, 2),
                new ModelRun("word", 42, Map.of("wl.f1", 0.81), 7, 4),
                new ModelRun("isolated", 42, Map.of("tl.accuracy", 0.85, "wl.f1", 0.81, "all.exactMatch", 0.69), 13,
                        null),
                new ModelRun("joint", 43, Map.of("tl.accuracy", 0.92, "wl.f1", 0.78, "all.exactMatch", 0.71), 11, 3),
                new ModelRun("text", 43, Map.of("tl.accuracy", 0.87), 5, 2),
                new ModelRun("word", 43, Map.of("wl.f1", 0.79), 8, 4),
                new ModelRun("isolated", 43, Map.of("tl.accuracy", 0.87, "wl.f1", 0.79, "all.exactMatch", 0.70), 13,
                        null));
        Map<String, Map<String, Summary>> summary = new LinkedHashMap<>();
        summary.put("joint", Map.of("tl.accuracy", Summary.of(0.9, 0.92), "wl.f1", Summary.of(0.8, 0.78),
                "all.exactMatch", Summary.of(0.7, 0.71), "trainingSeconds", Summary.of(10, 11)));
        summary.put("text", Map.of("tl.accuracy", Summary.of(0.85, 0.87), "trainingSeconds", Summary.of(6, 5)));
        summary.put("word", Map.of("wl.f1", Summary.of(0.81, 0.79), "trainingSeconds", Summary.of(7, 8)));
        summary.put("isolated", Map.of("tl.accuracy", Summary.of(0.85, 0.87), "wl.f1", Summary.of(0.81, 0.79),
                "all.exactMatch", Summary.of(0.69, 0.70), "trainingSeconds", Summary.of(13, 13)));
        Map<StudyMetric, Gain> gains = new LinkedHashMap<>();
        gains.put(StudyMetric.TL, new Gain(StudyMetric.TL, 0.91, 0.86, 0.05, 0.049, 0.01, 0.09, 1000, 0.95));
        gains.put(StudyMetric.WL, new Gain(StudyMetric.WL, 0.79, 0.80, -0.01, -0.01, -0.04, 0.02, 1000, 0.95));
        gains.put(StudyMetric.ALL, new Gain(StudyMetric.ALL, 0.705, 0.695, 0.01, 0.011, -0.03, 0.05, 1000, 0.95));
        TrainingConfig config = new TrainingConfig();
        return new StudyResult("toy <&> task", config, List.of(42L, 43L), 100, null, 40,
                List.of(StudyMetric.TL, StudyMetric.WL, StudyMetric.ALL), List.of(), runs, summary, gains,
                Verdict.of(gains.values()), Verdict.sentence(gains.values()), 1000, 0.95, 42,
                Map.of("trainPath", "data/toy/train.jsonl"), "mre4j study --train data/toy/train.jsonl --seeds 2");
    }

    @Test
    void htmlIsSelfContained() {
        String html = StudyReport.html(fixture());
        assertFalse(html.contains("http://"), "fetches nothing over http");
        assertFalse(html.contains("https://"), "fetches nothing over https");
        assertFalse(html.contains("<script src"), "loads no script");
        assertFalse(html.contains("<link"), "loads no stylesheet");
        assertFalse(html.contains("<img"), "loads no image");
        assertFalse(html.contains("@import") || html.contains("url("), "CSS loads nothing");
        assertTrue(html.contains("<style>"));
        assertEquals(2, html.split("<svg", -1).length - 1, "a bar chart and a forest plot");
        assertTrue(html.contains("toy &lt;&amp;&gt; task"), "names are escaped");
        assertTrue(html.contains("MRE holds on this data"));
        assertTrue(html.contains("mre4j study --train data/toy/train.jsonl --seeds 2"));
        assertTrue(html.trim().endsWith("</html>"));
    }

    @Test
    void markdownHasTheTablesTheVerdictAndTheRule() {
        String md = StudyReport.markdown(fixture());
        assertTrue(md.contains("| model | TL accuracy (%) | WL F1 (%) | ALL exact match (%) | training (s) |"), md);
        assertTrue(md.contains("| joint | 91.00 ± 1.41 | 79.00 ± 1.41 | 70.50 ± 0.71 | 10.50 ± 0.71 |"), md);
        assertTrue(md.contains("| text-only | 86.00 ± 1.41 | - | - | 5.50 ± 0.71 |"), md);
        assertTrue(md.contains("| TL accuracy | text-only | 91.00 | 86.00 | +5.00 | [+1.00, +9.00] | yes, joint "
                + "better |"), md);
        assertTrue(md.contains("**MRE holds on this data: joint beats isolated on TL (+5.00, 95% CI [+1.00, "
                + "+9.00]); on WL (-1.00, 95% CI [-4.00, +2.00]) and ALL (+1.00, 95% CI [-3.00, +5.00]) the CIs "
                + "include 0.**"), md);
        assertTrue(md.contains("Rule: " + Verdict.RULE));
        assertTrue(md.contains("mre4j study --train data/toy/train.jsonl --seeds 2"));
        assertTrue(md.contains("Koehn 2004"));
    }

    @Test
    void writesAllThreeFilesAtomically(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("nested/study");
        List<Path> paths = StudyReport.write(fixture(), out);
        assertEquals(List.of(out.resolve("results.json"), out.resolve("report.md"), out.resolve("report.html")),
                paths);
        for (Path p : paths) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
        JsonNode json = DocumentJson.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals("mre", json.get("study").asText());
        assertEquals(2, json.get("seeds").size());
        assertEquals(8, json.get("runs").size());
        assertEquals(0.05, json.at("/gains/tl.accuracy/gain").asDouble(), 1e-12);
        assertEquals(0.01, json.at("/gains/tl.accuracy/ciLow").asDouble(), 1e-12);
        assertEquals("holds", json.at("/verdict/outcome").asText());
        assertEquals(Verdict.RULE, json.at("/verdict/rule").asText());
        assertEquals(1.0 / Math.sqrt(2), json.at("/summary/joint/trainingSeconds/sd").asDouble(), 1e-12);
        assertTrue(json.at("/data/devDocuments").isNull());
        assertEquals(42, json.at("/config/seed").asInt());
    }

    @Test
    void oneSeedHasNoStandardDeviation() {
        Summary one = Summary.of(0.5);
        assertNull(one.toJsonMap().get("sd"));
    }

    @Test
    void niceSteps() {
        assertEquals(1.0, StudyReport.niceStep(0.8), 1e-12);
        assertEquals(2.0, StudyReport.niceStep(1.3), 1e-12);
        assertEquals(0.5, StudyReport.niceStep(0.3), 1e-12);
        assertEquals(10.0, StudyReport.niceStep(6), 1e-12);
    }
}
