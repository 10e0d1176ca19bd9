package io.mre4j.model.net;

import java.util.Arrays;

/**
 * Decoding with a trained linear-chain CRF, in plain Java: the exact best tag sequence (Viterbi) and each token's
 * marginal tag probabilities (forward-backward). One decoder holds one set of transition scores and is shared by the
 * documents of a prediction call; it is immutable and thread-safe.
 *
 * <p>Both algorithms cost {@code T·K²} when done densely, which dominates prediction for large tag sets (ATIS has 159
 * BIO tags). Three kinds of work are skipped:
 * <ul>
 *   <li>Viterbi never visits a forbidden transition (an I- tag continues only its own label).</li>
 *   <li>Viterbi visits the previous tags in descending score and stops as soon as no remaining one can win: a tag whose
 *       score trails the best by more than the spread of the transition scores into a target can never be that
 *       target's best predecessor. This is exact; on trained models only a handful of tags per token are visited.</li>
 *   <li>Forward-backward skips the contributions of tags whose weight at a step is below {@link #PRUNE} times the
 *       step's largest, scaled down by the ratio of the largest to the smallest allowed transition factor: together
 *       they change no marginal by more than {@code K·PRUNE}, far below the four decimals that scores are given
 *       with.</li>
 * </ul>
 */
public final class CrfDecoder {
    /** Relative weight below which a tag's contribution to the next forward or backward step is skipped. */
    static final double PRUNE = 1e-9;

    private final int k;
    private final float[][] into;
    private final float[][] expTransitions;
    private final float[][] expInto;
    private final float[] expStart;
    private final float[] expEnd;
    private final float[] start;
    private final float[] end;
    private final int[][] sources;
    private final boolean[] fromAnyTag;
    private final float[] maxInto;
    private final float transitionSpread;
    private final double pruneFloor;

    /**
     * @param transitions scores {@code [from][to]}, forbidden ones negative infinity
     * @param start       start scores, forbidden ones negative infinity
     * @param end         end scores
     * @param sources     for each tag, the tags allowed right before it (those with a finite transition)
     */
    public CrfDecoder(float[][] transitions, float[] start, float[] end, int[][] sources) {
        this.k = start.length;
        this.into = transpose(transitions);
        this.start = start.clone();
        this.end = end.clone();
        this.sources = sources;
        this.expTransitions = new float[k][k];
        this.expInto = new float[k][k];
        this.expStart = new float[k];
        this.expEnd = new float[k];
        for (int from = 0; from < k; from++) {
            for (int to = 0; to < k; to++) {
                expTransitions[from][to] = (float) Math.exp(transitions[from][to]);
                expInto[to][from] = expTransitions[from][to];
            }
            expStart[from] = (float) Math.exp(start[from]);
            expEnd[from] = (float) Math.exp(end[from]);
        }
        this.fromAnyTag = new boolean[k];
        this.maxInto = new float[k];
        float widest = 0;
        float highest = Float.NEGATIVE_INFINITY;
        float lowest = Float.POSITIVE_INFINITY;
        for (int to = 0; to < k; to++) {
            fromAnyTag[to] = sources[to].length == k;
            float max = Float.NEGATIVE_INFINITY;
            float min = Float.POSITIVE_INFINITY;
            for (int from : sources[to]) {
                max = Math.max(max, into[to][from]);
                min = Math.min(min, into[to][from]);
            }
            maxInto[to] = max;
            highest = Math.max(highest, max);
            lowest = Math.min(lowest, min);
            if (fromAnyTag[to]) {
                widest = Math.max(widest, max - min);
            }
        }
        this.transitionSpread = widest;
        this.pruneFloor = PRUNE * Math.exp((double) lowest - highest);
    }

    /** A decoder without constraints: every transition allowed. */
    public static CrfDecoder unconstrained(float[][] transitions, float[] start, float[] end) {
        int k = start.length;
        int[][] sources = new int[k][];
        for (int j = 0; j < k; j++) {
            sources[j] = java.util.stream.IntStream.range(0, k).toArray();
        }
        return new CrfDecoder(transitions, start, end, sources);
    }

    public int tagCount() {
        return k;
    }

    /**
     * The best tag sequence: exact Viterbi decoding.
     *
     * @param emissions {@code [T][K]}
     * @return the best tag of each token
     */
    public int[] viterbi(float[][] emissions) {
        int t = emissions.length;
        float[] score = new float[k];
        float[] next = new float[k];
        int[][] back = new int[t][k];
        int[] order = new int[k];
        for (int j = 0; j < k; j++) {
            score[j] = start[j] + emissions[0][j];
        }
        for (int i = 1; i < t; i++) {
            int contenders = contenders(score, order);
            int[] backI = back[i];
            for (int j = 0; j < k; j++) {
                float bestScore = Float.NEGATIVE_INFINITY;
                int arg = -1;
                float[] candidates = into[j];
                if (fromAnyTag[j]) {
                    for (int c = 0; c < contenders; c++) {
                        int p = order[c];
                        if (score[p] + maxInto[j] <= bestScore) {
                            break;
                        }
                        float s = score[p] + candidates[p];
                        if (s > bestScore || (s == bestScore && p < arg)) {
                            bestScore = s;
                            arg = p;
                        }
                    }
                } else {
                    for (int p : sources[j]) {
                        float s = score[p] + candidates[p];
                        if (s > bestScore || arg < 0) {
                            bestScore = s;
                            arg = p;
                        }
                    }
                }
                next[j] = bestScore + emissions[i][j];
                backI[j] = Math.max(arg, 0);
            }
            float[] swap = score;
            score = next;
            next = swap;
        }
        int last = 0;
        float best = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (score[j] + end[j] > best) {
                best = score[j] + end[j];
                last = j;
            }
        }
        int[] path = new int[t];
        path[t - 1] = last;
        for (int i = t - 1; i > 0; i--) {
            path[i - 1] = back[i][path[i]];
        }
        return path;
    }

    /**
     * Writes into {@code order} the tags that can still be some tag's best predecessor, by descending score (ties by
     * tag id), and returns how many there are: those within {@code transitionSpread} of the best score.
     */
    private int contenders(float[] score, int[] order) {
        float max = Float.NEGATIVE_INFINITY;
        for (float s : score) {
            max = Math.max(max, s);
        }
        float cutoff = max - transitionSpread;
        int n = 0;
        for (int p = 0; p < k; p++) {
            if (score[p] >= cutoff) {
                // Insertion sort: contenders are few on trained models.
                int at = n++;
                while (at > 0 && score[order[at - 1]] < score[p]) {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = p;
            }
        }
        return n;
    }

    /**
     * Each token's marginal probability of each tag: forward-backward in probability space, rescaled at every step so
     * that nothing overflows.
     *
     * @param emissions {@code [T][K]}
     * @return {@code [T][K]}, each row summing to one
     */
    public double[][] marginals(float[][] emissions) {
        int t = emissions.length;
        float[][] expEmissions = new float[t][k];
        for (int i = 0; i < t; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float e : emissions[i]) {
                max = Math.max(max, e);
            }
            for (int j = 0; j < k; j++) {
                expEmissions[i][j] = (float) Math.exp((double) emissions[i][j] - max);
            }
        }
        float[][] alpha = new float[t][k];
        float[][] beta = new float[t][k];
        for (int j = 0; j < k; j++) {
            alpha[0][j] = expStart[j] * expEmissions[0][j];
            beta[t - 1][j] = expEnd[j];
        }
        normalise(alpha[0]);
        normalise(beta[t - 1]);
        for (int i = 1; i < t; i++) {
            spread(alpha[i - 1], expTransitions, alpha[i]);
            for (int j = 0; j < k; j++) {
                alpha[i][j] *= expEmissions[i][j];
            }
            normalise(alpha[i]);
        }
        float[] weighted = new float[k];
        for (int i = t - 2; i >= 0; i--) {
            for (int n = 0; n < k; n++) {
                weighted[n] = beta[i + 1][n] * expEmissions[i + 1][n];
            }
            spread(weighted, expInto, beta[i]);
            normalise(beta[i]);
        }
        double[][] marginals = new double[t][k];
        for (int i = 0; i < t; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                marginals[i][j] = (double) alpha[i][j] * beta[i][j];
                sum += marginals[i][j];
            }
            for (int j = 0; j < k && sum > 0; j++) {
                marginals[i][j] /= sum;
            }
        }
        return marginals;
    }

    /**
     * {@code out[n] = Σ_p weights[p] · factors[p][n]}, skipping the {@code p} whose weight is negligible next to the
     * largest. A forbidden transition's factor is 0, so the inner loop runs over every {@code n}: a contiguous
     * multiply-add that the JIT compiles to vector instructions, faster than visiting the allowed {@code n} by index.
     * Four rows go through the inner loop together, so that {@code out} is loaded and stored once per four rows
     * instead of once per row (the loop is bound by memory operations, not by multiply-adds).
     */
    private void spread(float[] weights, float[][] factors, float[] out) {
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, w);
        }
        float floor = (float) (max * pruneFloor);
        int[] kept = new int[k];
        int m = 0;
        for (int p = 0; p < k; p++) {
            if (weights[p] > floor) {
                kept[m++] = p;
            }
        }
        Arrays.fill(out, 0);
        int q = 0;
        for (; q + 3 < m; q += 4) {
            float w0 = weights[kept[q]];
            float w1 = weights[kept[q + 1]];
            float w2 = weights[kept[q + 2]];
            float w3 = weights[kept[q + 3]];
            float[] r0 = factors[kept[q]];
            float[] r1 = factors[kept[q + 1]];
            float[] r2 = factors[kept[q + 2]];
            float[] r3 = factors[kept[q + 3]];
            for (int n = 0; n < k; n++) {
                out[n] += (w0 * r0[n] + w1 * r1[n]) + (w2 * r2[n] + w3 * r3[n]);
            }
        }
        for (; q < m; q++) {
            float w = weights[kept[q]];
            float[] row = factors[kept[q]];
            for (int n = 0; n < k; n++) {
                out[n] += w * row[n];
            }
        }
    }

    /** Scales to sum one; each step's values are rescaled so that long texts neither underflow nor overflow. */
    private static void normalise(float[] values) {
        float sum = 0;
        for (float v : values) {
            sum += v;
        }
        if (sum > 0) {
            float inverse = 1 / sum;
            for (int i = 0; i < values.length; i++) {
                values[i] *= inverse;
            }
        }
    }

    private static float[][] transpose(float[][] m) {
        float[][] t = new float[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
