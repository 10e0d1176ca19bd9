package io.mre4j.model.study;

import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's statistics against hand-computed values: sd, percentiles, counts, paired bootstrap, verdict. */
class StudyStatisticsTest {
    private static final double EPS = 1e-12;

    @Test
    void sampleStandardDeviation() {
        // mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample variance 32/7
        assertEquals(Math.sqrt(32.0 / 7), Summary.sd(2, 4, 4, 4, 5, 5, 7, 9), EPS);
        assertEquals(1.0, Summary.sd(1, 2, 3), EPS);
        assertEquals(0.0, Summary.sd(0.5, 0.5), EPS);
        assertTrue(Double.isNaN(Summary.sd(0.7)), "one seed has no sample sd");
        Summary s = Summary.of(0.80, 0.90);
        assertEquals(0.85, s.mean(), EPS);
        assertEquals(Math.sqrt(0.005), s.sd(), EPS);
        assertEquals(List.of(0.80, 0.90), s.values());
        assertEquals(null, Summary.of(0.7).toJsonMap().get("sd"));
    }

    @Test
    void percentileInterpolatesBetweenRanks() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.0, PairedBootstrap.percentile(sorted, 0), EPS);
        assertEquals(2.0, PairedBootstrap.percentile(sorted, 0.25), EPS);
        assertEquals(1.4, PairedBootstrap.percentile(sorted, 0.1), EPS);
        assertEquals(5.0, PairedBootstrap.percentile(sorted, 1), EPS);
    }

    @Test
    void perDocumentCountsMatchTheMetricDefinitions() {
        Document gold = Document.of("1", "en", "fly to paris from rome", List.of("flight"),
                List.of(new Span(7, 12, "to"), new Span(18, 22, "from")));
        Document pred = Document.of("1", "en", "fly to paris from rome", List.of("flight"),
                List.of(new Span(7, 12, "to"), new Span(18, 22, "to"), new Span(0, 3, "x")));
        assertEquals(List.of(1L, 1L), box(StudyMetric.TL.counts(gold, pred)));
        assertEquals(List.of(0L, 1L), box(StudyMetric.ALL.counts(gold, pred)));
        assertEquals(List.of(1L, 2L, 1L), box(StudyMetric.WL.counts(gold, pred)));
        assertEquals(List.of(1L, 1L), box(StudyMetric.ALL.counts(gold, gold)));
        // tp 2, fp 1, fn 1: P = R = 2/3
        assertEquals(2.0 / 3, StudyMetric.WL.score(new long[] {2, 1, 1}), EPS);
        assertEquals(0.75, StudyMetric.TL.score(new long[][] {{1, 1}, {1, 1}, {0, 1}, {1, 1}}), EPS);
        assertEquals(1.0, StudyMetric.WL.score(new long[] {0, 0, 0}), EPS);
    }

    @Test
    void pipelineTakesLabelsFromTextAndSpansFromWord() {
        Document input = Document.unlabelled("a", "en", "to paris");
        Document text = Document.of("a", "en", "to paris", List.of("flight"), List.of(new Span(0, 2, "junk")));
        Document word = Document.of("a", "en", "to paris", List.of("junk"), List.of(new Span(3, 8, "city")));
        Document combined = MreStudy.pipeline(List.of(input), List.of(text), List.of(word)).get(0);
        assertEquals(List.of("flight"), combined.labels());
        assertEquals(List.of(new Span(3, 8, "city")), combined.spans());
    }

    @Test
    void identicalPredictionsGiveZeroGainAndAZeroInterval() {
        List<long[][]> counts = List.of(accuracy(1, 0, 1, 1, 0, 1), accuracy(0, 0, 1, 1, 1, 1));
        for (StudyMetric metric : List.of(StudyMetric.TL, StudyMetric.ALL)) {
            Gain g = new PairedBootstrap(7).gain(metric, counts, counts);
            assertEquals(0.0, g.gain(), 0.0);
            assertEquals(0.0, g.bootstrapMean(), 0.0);
            assertEquals(0.0, g.low(), 0.0);
            assertEquals(0.0, g.high(), 0.0);
            assertFalse(g.better());
            assertFalse(g.worse());
        }
        List<long[][]> wl = one(new long[][] {{1, 0, 1}, {2, 1, 0}, {0, 0, 0}});
        Gain g = new PairedBootstrap(7).gain(StudyMetric.WL, wl, wl);
        assertEquals(0.0, g.low(), 0.0);
        assertEquals(0.0, g.high(), 0.0);
    }

    @Test
    void jointAlwaysBetterGivesAPositiveInterval() {
        // 20 documents: joint right on all, isolated right on the even ones only. Per seed the gain is 0.5.
        int n = 20;
        int[] joint = new int[n];
        int[] isolated = new int[n];
        for (int i = 0; i < n; i++) {
            joint[i] = 1;
            isolated[i] = i % 2 == 0 ? 1 : 0;
        }
        Gain g = new PairedBootstrap(1000, 0.95, 42).gain(StudyMetric.TL,
                List.of(accuracy(joint), accuracy(joint), accuracy(joint)),
                List.of(accuracy(isolated), accuracy(isolated), accuracy(isolated)));
        assertEquals(0.5, g.gain(), EPS);
        assertEquals(1.0, g.jointMean(), EPS);
        assertEquals(0.5, g.isolatedMean(), EPS);
        assertTrue(g.low() > 0, "lower bound " + g.low());
        assertTrue(g.low() <= 0.5 && g.high() >= 0.5, g.low() + " " + g.high());
        assertTrue(g.high() <= 1.0);
        assertEquals(0.5, g.bootstrapMean(), 0.02);
        assertTrue(g.better());
        assertEquals(1000, g.resamples());
    }

    @Test
    void gainIsTheMeanOverSeedsOfJointMinusIsolated() {
        // seed 1: joint 3/4, isolated 2/4 (gain 0.25); seed 2: joint 2/4, isolated 2/4 (gain 0)
        Gain g = new PairedBootstrap(5).gain(StudyMetric.TL,
                List.of(accuracy(1, 1, 1, 0), accuracy(1, 1, 0, 0)),
                List.of(accuracy(1, 1, 0, 0), accuracy(1, 0, 1, 0)));
        assertEquals(0.125, g.gain(), EPS);
        assertEquals(0.625, g.jointMean(), EPS);
        assertEquals(0.5, g.isolatedMean(), EPS);
    }

    @Test
    void wordLevelGainRecomputesMicroF1() {
        // joint: tp 2 → F1 1; isolated: tp 1, fp 1, fn 1 → F1 0.5
        long[][] joint = {{1, 0, 0}, {1, 0, 0}};
        long[][] isolated = {{1, 0, 0}, {0, 1, 1}};
        Gain g = new PairedBootstrap(3).gain(StudyMetric.WL, one(joint), one(isolated));
        assertEquals(0.5, g.gain(), EPS);
        assertEquals(0.0, g.low(), EPS);  // the resample of document 0 twice has gain 0
        assertEquals(1.0, g.high(), EPS); // document 1 twice: F1 1 vs 0
    }

    @Test
    void oneDocumentGivesAPointInterval() {
        Gain g = new PairedBootstrap(11).gain(StudyMetric.TL, one(accuracy(1)), one(accuracy(0)));
        assertEquals(1.0, g.gain(), EPS);
        assertEquals(1.0, g.low(), EPS);
        assertEquals(1.0, g.high(), EPS);
    }

    @Test
    void bootstrapIsDeterministicForASeed() {
        List<long[][]> joint = one(accuracy(1, 0, 1, 1, 0, 1, 1, 1));
        List<long[][]> isolated = one(accuracy(0, 0, 1, 1, 0, 0, 1, 1));
        Gain a = new PairedBootstrap(9).gain(StudyMetric.TL, joint, isolated);
        Gain b = new PairedBootstrap(9).gain(StudyMetric.TL, joint, isolated);
        assertEquals(a, b);
    }

    @Test
    void verdictRule() {
        Gain tlUp = gain(StudyMetric.TL, 0.008, 0.002, 0.014);
        Gain wlUp = gain(StudyMetric.WL, 0.011, 0.003, 0.020);
        Gain allZero = gain(StudyMetric.ALL, 0.004, -0.002, 0.010);
        Gain wlDown = gain(StudyMetric.WL, -0.011, -0.020, -0.003);
        Gain tlZero = gain(StudyMetric.TL, 0.001, -0.004, 0.006);

        assertEquals(Verdict.HOLDS, Verdict.of(List.of(tlUp, wlUp)));
        assertEquals(Verdict.HOLDS, Verdict.of(List.of(tlUp, wlUp, allZero)));
        assertEquals(Verdict.HOLDS, Verdict.of(List.of(tlZero, wlUp)));
        assertEquals(Verdict.FAILS, Verdict.of(List.of(tlZero, wlDown)));
        assertEquals(Verdict.FAILS, Verdict.of(List.of(wlDown)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(List.of(tlUp, wlDown)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(List.of(tlZero, allZero)));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(List.of()));
        // a bound exactly at 0 is not above 0
        assertEquals(Verdict.INCONCLUSIVE, Verdict.of(List.of(gain(StudyMetric.TL, 0.01, 0.0, 0.02))));

        assertEquals("MRE holds on this data: joint beats isolated on TL (+0.80, 95% CI [+0.20, +1.40]) and WL "
                + "(+1.10, 95% CI [+0.30, +2.00]); on ALL (+0.40, 95% CI [-0.20, +1.00]) the CI includes 0.",
                Verdict.sentence(List.of(tlUp, wlUp, allZero)));
        assertEquals("MRE does not hold on this data: isolated beats joint on WL (-1.10, 95% CI [-2.00, -0.30]).",
                Verdict.sentence(List.of(wlDown)));
        assertTrue(Verdict.sentence(List.of(tlZero, allZero)).startsWith("Whether MRE holds is inconclusive (the CIs include 0)"));
        assertTrue(Verdict.sentence(List.of(tlUp, wlDown)).startsWith("Whether MRE holds is inconclusive: joint beats isolated on TL"));
        assertEquals("TL accuracy: joint 90.80 vs isolated (text-only) 90.00; gain +0.80 points, 95% CI [+0.20, "
                + "+1.40]: joint is better.", Verdict.metricSentence(tlUp));
    }

    static Gain gain(StudyMetric metric, double gain, double low, double high) {
        return new Gain(metric, 0.9 + gain, 0.9, gain, gain, low, high, 1000, 0.95);
    }

    private static List<long[][]> one(long[][] counts) {
        return java.util.Collections.singletonList(counts);
    }

    private static long[][] accuracy(int... correct) {
        long[][] out = new long[correct.length][];
        for (int i = 0; i < correct.length; i++) {
            out[i] = new long[] {correct[i], 1};
        }
        return out;
    }

    private static List<Long> box(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
