package io.mre4j.model.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CrfTest {
    private static final int T = 4;
    private static final int K = 3;
    private final Random random = new Random(7);

    private float[][] matrix(int rows, int columns) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return m;
    }

    private static double pathScore(int[] path, float[][] e, float[][] tr, float[] start, float[] end) {
        double s = start[path[0]] + end[path[path.length - 1]];
        for (int i = 0; i < path.length; i++) {
            s += e[i][path[i]];
            if (i > 0) {
                s += tr[path[i - 1]][path[i]];
            }
        }
        return s;
    }

    private static int[] path(int code) {
        int[] p = new int[T];
        for (int i = T - 1; i >= 0; i--) {
            p[i] = code % K;
            code /= K;
        }
        return p;
    }

    private static int paths() {
        return (int) Math.pow(K, T);
    }

    @Test
    void negativeLogLikelihoodMatchesBruteForceEnumeration() {
        float[][] e = matrix(T, K);
        float[][] tr = matrix(K, K);
        float[] start = matrix(1, K)[0];
        float[] end = matrix(1, K)[0];
        int[] gold = {0, 2, 1, 1};
        double logZ = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < paths(); c++) {
            double s = pathScore(path(c), e, tr, start, end);
            logZ = Math.max(logZ, s) + Math.log1p(Math.exp(-Math.abs(logZ - s)));
        }
        double expected = logZ - pathScore(gold, e, tr, start, end);
        Engine engine = Djl.engine(1);
        try (NDManager manager = engine.newBaseManager()) {
            NDArray emissions = manager.create(flatten(e), new Shape(1, T, K));
            NDArray tags = manager.create(new long[] {0, 2, 1, 1}, new Shape(1, T));
            NDArray nll = Crf.negativeLogLikelihood(emissions, tags, manager.create(flatten(tr), new Shape(K, K)),
                    manager.create(start), manager.create(end));
            assertEquals(expected, nll.getFloat(), 1e-4);
        }
    }

    @Test
    void viterbiFindsTheBestPathByEnumeration() {
        for (int trial = 0; trial < 20; trial++) {
            float[][] e = matrix(T, K);
            float[][] tr = matrix(K, K);
            float[] start = matrix(1, K)[0];
            float[] end = matrix(1, K)[0];
            int best = 0;
            for (int c = 1; c < paths(); c++) {
                if (pathScore(path(c), e, tr, start, end) > pathScore(path(best), e, tr, start, end)) {
                    best = c;
                }
            }
            assertArrayEquals(path(best), Crf.viterbi(e, Crf.transpose(tr), start, end, Crf.allSources(K)));
        }
    }

    @Test
    void viterbiNeverTakesAForbiddenTransition() {
        float[][] e = {{0, 0, 5}, {0, 0, 5}};
        float[][] tr = {{0, 0, Float.NEGATIVE_INFINITY}, {0, 0, 0}, {0, 0, 0}};
        float[] start = {0, 0, Float.NEGATIVE_INFINITY};
        int[] path = Crf.viterbi(e, Crf.transpose(tr), start, new float[3], new int[][] {{0, 1, 2}, {0, 1, 2}, {1}});
        assertArrayEquals(new int[] {1, 2}, path);
    }

    @Test
    void marginalsMatchBruteForceEnumeration() {
        float[][] e = matrix(T, K);
        float[][] tr = matrix(K, K);
        float[] start = matrix(1, K)[0];
        float[] end = matrix(1, K)[0];
        double[][] expected = new double[T][K];
        double total = 0;
        for (int c = 0; c < paths(); c++) {
            int[] p = path(c);
            double w = Math.exp(pathScore(p, e, tr, start, end));
            total += w;
            for (int i = 0; i < T; i++) {
                expected[i][p[i]] += w;
            }
        }
        double[][] expTr = exp(tr);
        double[][] expInto = exp(Crf.transpose(tr));
        double[][] marginals = Crf.marginals(e, expTr, expInto, start, end, Crf.allSources(K),
                Crf.allSources(K));
        for (int i = 0; i < T; i++) {
            for (int j = 0; j < K; j++) {
                assertEquals(expected[i][j] / total, marginals[i][j], 1e-6);
            }
        }
    }

    @Test
    void marginalsOverAllowedTransitionsOnlyEqualTheFullSums() {
        float[][] e = matrix(T, K);
        float[][] tr = matrix(K, K);
        int[][] sources = new int[K][];
        for (int to = 0; to < K; to++) {
            java.util.List<Integer> allowed = new java.util.ArrayList<>();
            for (int from = 0; from < K; from++) {
                if ((from + 2 * to) % 3 == 0) {
                    tr[from][to] = Float.NEGATIVE_INFINITY;
                } else {
                    allowed.add(from);
                }
            }
            sources[to] = allowed.stream().mapToInt(Integer::intValue).toArray();
        }
        double[][] expTr = exp(tr);
        double[][] expInto = exp(Crf.transpose(tr));
        float[] start = matrix(1, K)[0];
        float[] end = matrix(1, K)[0];
        double[][] full = Crf.marginals(e, expTr, expInto, start, end, Crf.allSources(K), Crf.allSources(K));
        double[][] sparse = Crf.marginals(e, expTr, expInto, start, end, sources, Crf.targets(sources));
        for (int i = 0; i < T; i++) {
            assertArrayEquals(full[i], sparse[i], 1e-12);
        }
    }

    private static double[][] exp(float[][] m) {
        double[][] out = new double[m.length][m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                out[i][j] = Math.exp(m[i][j]);
            }
        }
        return out;
    }

    private static float[] flatten(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }
}
