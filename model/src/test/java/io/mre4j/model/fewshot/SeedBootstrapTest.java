package io.mre4j.model.fewshot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedBootstrapTest {
    private static final int[][] GOLD = {{0}, {1}, {0}, {1}, {0}, {1}, {0}, {1}};

    private static int[][] flip(int[][] labels, int... wrong) {
        int[][] out = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i].clone();
        }
        for (int i : wrong) {
            out[i] = new int[] {1 - labels[i][0]};
        }
        return out;
    }

    @Test
    void aMethodAgainstItselfGainsExactlyNothing() {
        SeedBootstrap bootstrap = new SeedBootstrap(200, 0.95, 1);
        List<int[][]> a = List.of(flip(GOLD, 0), flip(GOLD, 1, 2));
        SeedBootstrap.Interval gain = bootstrap.gain(FewshotMetric.ACCURACY, GOLD, a, a, 2);
        assertEquals(0, gain.estimate(), 1e-12);
        assertEquals(0, gain.low(), 1e-12);
        assertEquals(0, gain.high(), 1e-12);
        assertFalse(gain.above() || gain.below());
    }

    @Test
    void alwaysRightAgainstAlwaysWrongIsAGainOfOneWithNoDoubt() {
        SeedBootstrap bootstrap = new SeedBootstrap(200, 0.95, 1);
        List<int[][]> right = List.of(GOLD, GOLD);
        List<int[][]> wrong = List.of(flip(GOLD, 0, 1, 2, 3, 4, 5, 6, 7), flip(GOLD, 0, 1, 2, 3, 4, 5, 6, 7));
        SeedBootstrap.Interval gain = bootstrap.gain(FewshotMetric.ACCURACY, GOLD, right, wrong, 2);
        assertEquals(1, gain.estimate(), 1e-12);
        assertEquals(1, gain.low(), 1e-12);
        assertTrue(gain.above());
        assertTrue(bootstrap.gain(FewshotMetric.ACCURACY, GOLD, wrong, right, 2).below());
    }

    @Test
    void seedsThatDisagreeWidenTheInterval() {
        SeedBootstrap bootstrap = new SeedBootstrap(500, 0.95, 3);
        List<int[][]> steady = List.of(flip(GOLD, 0, 1), flip(GOLD, 2, 3));
        List<int[][]> unsteady = List.of(GOLD, flip(GOLD, 0, 1, 2, 3));
        SeedBootstrap.Interval a = bootstrap.score(FewshotMetric.ACCURACY, GOLD, steady, 2);
        SeedBootstrap.Interval b = bootstrap.score(FewshotMetric.ACCURACY, GOLD, unsteady, 2);
        assertEquals(a.estimate(), b.estimate(), 1e-12);
        assertTrue(b.high() - b.low() > a.high() - a.low(), a + " " + b);
        assertTrue(b.low() <= b.estimate() && b.estimate() <= b.high());
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        List<int[][]> a = List.of(flip(GOLD, 0), flip(GOLD, 3, 5));
        assertEquals(new SeedBootstrap(300, 0.95, 9).score(FewshotMetric.MACRO_F1, GOLD, a, 2),
                new SeedBootstrap(300, 0.95, 9).score(FewshotMetric.MACRO_F1, GOLD, a, 2));
    }

    @Test
    void methodsNeedTheSameSeeds() {
        SeedBootstrap bootstrap = new SeedBootstrap(10, 0.95, 1);
        assertThrows(IllegalArgumentException.class,
                () -> bootstrap.gain(FewshotMetric.ACCURACY, GOLD, List.<int[][]>of(GOLD), List.of(GOLD, GOLD), 2));
        assertThrows(IllegalArgumentException.class, () -> new SeedBootstrap(0, 0.95, 1));
    }
}
