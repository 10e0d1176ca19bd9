package io.mre4j.model.net;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mre4j.model.Djl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CRF's training loss ({@link Crf}) and its decoding ({@link CrfDecoder}) against brute force and dense references. */
class CrfTest {
    private static final int T = 4;
    private static final int K = 3;
    private final Random random = new Random(7);

    private float[][] matrix(int rows, int columns, double scale) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (scale * random.nextGaussian());
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
        float[][] e = matrix(T, K, 1);
        float[][] tr = matrix(K, K, 1);
        float[] start = matrix(1, K, 1)[0];
        float[] end = matrix(1, K, 1)[0];
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
            float[][] e = matrix(T, K, 1);
            float[][] tr = matrix(K, K, 1);
            float[] start = matrix(1, K, 1)[0];
            float[] end = matrix(1, K, 1)[0];
            int best = 0;
            for (int c = 1; c < paths(); c++) {
                if (pathScore(path(c), e, tr, start, end) > pathScore(path(best), e, tr, start, end)) {
                    best = c;
                }
            }
            assertArrayEquals(path(best), CrfDecoder.unconstrained(tr, start, end).viterbi(e));
        }
    }

    @Test
    void viterbiNeverTakesAForbiddenTransition() {
        float[][] e = {{0, 0, 5}, {0, 0, 5}};
        float[][] tr = {{0, 0, Float.NEGATIVE_INFINITY}, {0, 0, 0}, {0, 0, 0}};
        float[] start = {0, 0, Float.NEGATIVE_INFINITY};
        int[] path = new CrfDecoder(tr, start, new float[3], new int[][] {{0, 1, 2}, {0, 1, 2}, {1}}).viterbi(e);
        assertArrayEquals(new int[] {1, 2}, path);
    }

    @Test
    void marginalsMatchBruteForceEnumeration() {
        float[][] e = matrix(T, K, 1);
        float[][] tr = matrix(K, K, 1);
        float[] start = matrix(1, K, 1)[0];
        float[] end = matrix(1, K, 1)[0];
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
        double[][] marginals = CrfDecoder.unconstrained(tr, start, end).marginals(e);
        for (int i = 0; i < T; i++) {
            for (int j = 0; j < K; j++) {
                assertEquals(expected[i][j] / total, marginals[i][j], 1e-6);
            }
        }
    }

    /**
     * On a BIO tag set with peaked emissions, as a trained tagger gives, the pruned decoder agrees with dense
     * reference implementations: the same best path, and marginals within 1e-6 (scores are given to four decimals).
     */
    @Test
    void prunedDecodingEqualsDenseDecodingUnderBio() {
        int labels = 12;
        int k = 1 + 2 * labels;
        int t = 15;
        int[][] sources = new int[k][];
        for (int to = 0; to < k; to++) {
            List<Integer> allowed = new ArrayList<>();
            for (int from = 0; from < k; from++) {
                if (bioAllows(from, to)) {
                    allowed.add(from);
                }
            }
            sources[to] = allowed.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int trial = 0; trial < 40; trial++) {
            double sharpness = trial % 2 == 0 ? 8 : 1;
            float[][] e = matrix(t, k, sharpness);
            float[][] tr = matrix(k, k, 2);
            float[] start = matrix(1, k, 1)[0];
            float[] end = matrix(1, k, 1)[0];
            for (int to = 0; to < k; to++) {
                for (int from = 0; from < k; from++) {
                    if (!bioAllows(from, to)) {
                        tr[from][to] = Float.NEGATIVE_INFINITY;
                    }
                }
                if (to > 0 && to % 2 == 0) {
                    start[to] = Float.NEGATIVE_INFINITY;
                }
            }
            CrfDecoder decoder = new CrfDecoder(tr, start, end, sources);
            int[] path = decoder.viterbi(e);
            assertEquals(pathScore(denseViterbi(e, tr, start, end), e, tr, start, end),
                    pathScore(path, e, tr, start, end), 1e-4);
            double[][] expected = denseMarginals(e, tr, start, end);
            double[][] marginals = decoder.marginals(e);
            for (int i = 0; i < t; i++) {
                assertArrayEquals(expected[i], marginals[i], 1e-6, "token " + i + " of trial " + trial);
            }
        }
    }

    /** O is tag 0, then B- and I- of each label: an I- tag only continues its own label. */
    private static boolean bioAllows(int from, int to) {
        boolean inside = to > 0 && to % 2 == 0;
        return !inside || (from > 0 && (from - 1) / 2 == (to - 1) / 2);
    }

    private static int[] denseViterbi(float[][] e, float[][] tr, float[] start, float[] end) {
        int t = e.length;
        int k = start.length;
        double[][] score = new double[t][k];
        int[][] back = new int[t][k];
        for (int j = 0; j < k; j++) {
            score[0][j] = start[j] + e[0][j];
        }
        for (int i = 1; i < t; i++) {
            for (int j = 0; j < k; j++) {
                score[i][j] = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < k; p++) {
                    if (score[i - 1][p] + tr[p][j] > score[i][j]) {
                        score[i][j] = score[i - 1][p] + tr[p][j];
                        back[i][j] = p;
                    }
                }
                score[i][j] += e[i][j];
            }
        }
        int[] path = new int[t];
        for (int j = 1; j < k; j++) {
            if (score[t - 1][j] + end[j] > score[t - 1][path[t - 1]] + end[path[t - 1]]) {
                path[t - 1] = j;
            }
        }
        for (int i = t - 1; i > 0; i--) {
            path[i - 1] = back[i][path[i]];
        }
        return path;
    }

    /** Forward-backward in log space, every transition visited. */
    private static double[][] denseMarginals(float[][] e, float[][] tr, float[] start, float[] end) {
        int t = e.length;
        int k = start.length;
        double[][] alpha = new double[t][k];
        double[][] beta = new double[t][k];
        for (int j = 0; j < k; j++) {
            alpha[0][j] = (double) start[j] + e[0][j];
            beta[t - 1][j] = end[j];
        }
        for (int i = 1; i < t; i++) {
            for (int j = 0; j < k; j++) {
                double[] terms = new double[k];
                for (int p = 0; p < k; p++) {
                    terms[p] = alpha[i - 1][p] + tr[p][j];
                }
                alpha[i][j] = logSumExp(terms) + e[i][j];
            }
        }
        for (int i = t - 2; i >= 0; i--) {
            for (int j = 0; j < k; j++) {
                double[] terms = new double[k];
                for (int n = 0; n < k; n++) {
                    terms[n] = (double) tr[j][n] + e[i + 1][n] + beta[i + 1][n];
                }
                beta[i][j] = logSumExp(terms);
            }
        }
        double[][] marginals = new double[t][k];
        for (int i = 0; i < t; i++) {
            double[] terms = new double[k];
            for (int j = 0; j < k; j++) {
                terms[j] = alpha[i][j] + beta[i][j];
            }
            double z = logSumExp(terms);
            for (int j = 0; j < k; j++) {
                marginals[i][j] = Math.exp(terms[j] - z);
            }
        }
        return marginals;
    }

    private static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static float[] flatten(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }
}
