package io.mre4j.model.fewshot;

import io.mre4j.core.doc.Document;
import io.mre4j.model.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mre4j.model.fewshot.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FewshotExperimentTest {
    @TempDir
    Path dir;

    private static FewshotResult run(List<Document> train, List<Document> test) {
        return new FewshotExperiment(List.of(2, 1), List.of(7L, 8L), new SeedBootstrap(100, 0.95, 7), null)
                .run("fixture", train, test, new HashingEmbedder(), Map.of("note", "test"));
    }

    @Test
    void everyKAndSeedRunsBothMethodsAndEveryKIsCompared() {
        FewshotResult result = run(Fixtures.train(), Fixtures.test());
        assertEquals(List.of(1, 2), result.ks());
        assertEquals(2 * 2 * FewshotExperiment.METHODS.size(), result.runs().size());
        assertEquals(2, result.perK().size());
        for (FewshotExperiment.PerK p : result.perK()) {
            for (String method : FewshotExperiment.METHODS) {
                for (FewshotMetric metric : FewshotMetric.values()) {
                    FewshotExperiment.MethodScore s = p.scores().get(method).get(metric);
                    assertEquals(2, s.seeds().values().size());
                    assertTrue(s.interval().low() <= s.seeds().mean() + 1e-12
                            && s.seeds().mean() <= s.interval().high() + 1e-12, method + " " + metric);
                }
            }
            for (String method : result.compared()) {
                SeedBootstrap.Interval gain = p.gains().get(method).get(FewshotMetric.ACCURACY);
                double expected = p.scores().get(method).get(FewshotMetric.ACCURACY).seeds().mean()
                        - p.scores().get(FewshotExperiment.BASELINE).get(FewshotMetric.ACCURACY).seeds().mean();
                assertEquals(expected, gain.estimate(), 1e-12);
                assertEquals(FewshotExperiment.Outcome.of(p.gains().get(method).values()), p.outcomes().get(method));
            }
        }
        assertFalse(result.verbalizerSample().get("PlayMusic").isEmpty());
        assertTrue(result.summarySentence().matches("MRE verbalizer against the baseline: .*k = .*\\. "
                + "Type templates against the baseline: .*k = .*\\."),
                result.summarySentence());
    }

    @Test
    void theJointModelIsTrainedOnEachSupportSetAndComparedWithTheBaseline() {
        TrainingConfig tiny = new TrainingConfig();
        tiny.maxEpochs = 2;
        tiny.hidden = 8;
        tiny.wordDim = 8;
        tiny.charDim = 4;
        tiny.charFilters = 4;
        tiny.labelDim = 4;
        tiny.batchSize = 4;
        FewshotResult result = new FewshotExperiment(List.of(2), List.of(5L), new SeedBootstrap(50, 0.95, 1), 0.25,
                tiny, null).run("fixture", Fixtures.train(), Fixtures.test(), new HashingEmbedder(), Map.of());
        assertEquals(List.of("baseline", "verbalizer", "templates", "joint"), result.methods());
        FewshotExperiment.Run joint = result.runs().stream().filter(r -> r.method().equals("joint")).findFirst()
                .orElseThrow();
        double accuracy = joint.scores().get(FewshotMetric.ACCURACY);
        assertTrue(accuracy >= 0 && accuracy <= 1, String.valueOf(accuracy));
        assertTrue(result.perK().get(0).gains().containsKey("joint"));
        assertTrue(result.summarySentence().contains("Joint model against the baseline:"), result.summarySentence());
    }

    @Test
    void testLabelsNeverSeenInTrainingAreErrorsAndNamed() {
        List<Document> test = new ArrayList<>(Fixtures.test());
        test.add(doc("s7", "SetAlarm", "wake me at six"));
        FewshotResult result = run(Fixtures.train(), test);
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("SetAlarm")), result.notes().toString());
        for (FewshotExperiment.Run r : result.runs()) {
            assertTrue(r.scores().get(FewshotMetric.ACCURACY) <= 6.0 / 7 + 1e-12);
        }
    }

    @Test
    void labelsWithFewerThanKExamplesAreNoted() {
        FewshotResult result = new FewshotExperiment(List.of(5), List.of(1L), new SeedBootstrap(50, 0.95, 1), null)
                .run("fixture", Fixtures.train(), Fixtures.test(), new HashingEmbedder(), Map.of());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("k = 5: 3 label(s) have fewer than k")),
                result.notes().toString());
    }

    @Test
    void theReportIsThreeSelfContainedFiles() throws IOException {
        FewshotResult result = run(Fixtures.train(), Fixtures.test()).withCommand("mre4j fewshot --k 1,2");
        List<Path> paths = FewshotReport.write(result, dir.resolve("out"));
        assertEquals(3, paths.size());
        String md = Files.readString(paths.get(1));
        assertTrue(md.contains("| k | baseline | verbalizer | verbalizer - baseline | templates |")
                && md.contains("mre4j fewshot --k 1,2"), md);
        String html = Files.readString(paths.get(2));
        assertTrue(html.contains("<svg") && html.contains("<circle") && html.contains("<path d=\"M"), html);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), html);
        String json = Files.readString(paths.get(0));
        assertTrue(json.contains("\"study\" : \"fewshot\"") && json.contains("\"tl.macroF1\""), json);
    }
}
