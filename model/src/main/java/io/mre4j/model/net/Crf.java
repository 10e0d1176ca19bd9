package io.mre4j.model.net;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear-chain conditional random field over tag emissions (Lafferty et al. 2001; as in Lample et al. 2016's
 * BiLSTM-CRF). The training loss is computed with NDArray operations so that DJL differentiates it; decoding is exact
 * Viterbi in plain Java, with BIO's forbidden transitions ruled out.
 */
public final class Crf {
    private Crf() {
    }

    /**
     * The mean negative log-likelihood of the gold tags. All sequences of the batch have the same length.
     *
     * @param emissions   {@code [B, T, K]}
     * @param tags        gold tag ids {@code [B, T]}
     * @param transitions {@code [K, K]}, from row tag to column tag
     * @param start       {@code [K]}
     * @param end         {@code [K]}
     */
    public static NDArray negativeLogLikelihood(NDArray emissions, NDArray tags, NDArray transitions, NDArray start,
                                                NDArray end) {
        long t = emissions.getShape().get(1);
        int k = (int) emissions.getShape().get(2);
        NDArray gold = tags.oneHot(k, emissions.getDataType());
        NDArray score = emissions.mul(gold).sum(new int[] {1, 2})
                .add(gold.get(":, 0, :").mul(start).sum(new int[] {1}))
                .add(gold.get(":, -1, :").mul(end).sum(new int[] {1}));
        if (t > 1) {
            NDArray previous = gold.get(":, :-1, :");
            NDArray next = gold.get(":, 1:, :");
            score = score.add(previous.matMul(transitions).mul(next).sum(new int[] {1, 2}));
        }
        // The forward algorithm in exp space: one [B,K]x[K,K] product per step instead of a [B,K,K] log-sum-exp.
        // Each step is rescaled by its row maximum, so exp never overflows.
        // Results of operations on parameters belong to the parameters' manager; attach them to the batch's, so that
        // they are freed with the batch instead of accumulating for the life of the model.
        NDArray transitionMax = transitions.max().stopGradient();
        transitionMax.attach(emissions.getManager());
        NDArray expTransitions = transitions.sub(transitionMax).exp();
        expTransitions.attach(emissions.getManager());
        NDArray alpha = emissions.get(":, 0, :").add(start);
        for (int i = 1; i < t; i++) {
            NDArray max = alpha.max(new int[] {1}, true).stopGradient();
            alpha = alpha.sub(max).exp().matMul(expTransitions).log().add(max).add(transitionMax)
                    .add(emissions.get(":, " + i + ", :"));
        }
        NDArray logPartition = logSumExp(alpha.add(end), 1);
        return logPartition.sub(score).mean();
    }

    /** log(sum(exp(x))) along {@code axis}, computed stably. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
    }

    /**
     * The best tag sequence for one text: exact Viterbi decoding. Forbidden transitions and starts are given as
     * negative infinity in {@code transitions} and {@code start} (see {@code LabelSpace}).
     *
     * @param emissions   {@code [T][K]}
     * @param into    transition scores transposed, {@code into[to][from]}, so that each tag's candidates are
     *                contiguous in memory
     * @param sources for each tag, the tags that may precede it (BIO allows an I- tag only two); decoding visits only
     *                those, which halves the work for BIO tag sets
     * @return the best tag of each token
     */
    public static int[] viterbi(float[][] emissions, float[][] into, float[] start, float[] end, int[][] sources) {
        int t = emissions.length;
        int k = start.length;
        float[] score = new float[k];
        float[] next = new float[k];
        int[][] back = new int[t][k];
        for (int j = 0; j < k; j++) {
            score[j] = start[j] + emissions[0][j];
        }
        for (int i = 1; i < t; i++) {
            int[] backI = back[i];
            for (int j = 0; j < k; j++) {
                float bestScore = Float.NEGATIVE_INFINITY;
                int arg = 0;
                float[] candidates = into[j];
                for (int p : sources[j]) {
                    float s = score[p] + candidates[p];
                    if (s > bestScore) {
                        bestScore = s;
                        arg = p;
                    }
                }
                next[j] = bestScore + emissions[i][j];
                backI[j] = arg;
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
     * Each token's marginal probability of each tag under the CRF: forward-backward in probability space, rescaled at
     * every step so that nothing overflows. Transitions are given as {@code exp} of their scores (a forbidden one is
     * 0), both as {@code [from][to]} and transposed as {@code [to][from]}, so that every inner loop reads memory in
     * order. {@code sources[j]} lists the tags that may precede tag {@code j} and {@code targets[j]} those that may
     * follow it ({@link #allSources} and {@link #targets}); the sums skip forbidden transitions, which halves the work
     * under BIO.
     */
    public static double[][] marginals(float[][] emissions, double[][] expTransitions, double[][] expInto,
                                       float[] start, float[] end, int[][] sources, int[][] targets) {
        int t = emissions.length;
        int k = start.length;
        double[][] alpha = new double[t][k];
        double[][] beta = new double[t][k];
        double[][] expEmissions = new double[t][k];
        for (int i = 0; i < t; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float e : emissions[i]) {
                max = Math.max(max, e);
            }
            for (int j = 0; j < k; j++) {
                expEmissions[i][j] = Math.exp(emissions[i][j] - max);
            }
        }
        for (int j = 0; j < k; j++) {
            alpha[0][j] = Math.exp(start[j]) * expEmissions[0][j];
            beta[t - 1][j] = Math.exp(end[j]);
        }
        normalise(alpha[0]);
        normalise(beta[t - 1]);
        for (int i = 1; i < t; i++) {
            double[] previous = alpha[i - 1];
            double[] current = alpha[i];
            for (int j = 0; j < k; j++) {
                current[j] = dot(previous, expInto[j], sources[j]) * expEmissions[i][j];
            }
            normalise(current);
        }
        double[] weighted = new double[k];
        for (int i = t - 2; i >= 0; i--) {
            double[] following = beta[i + 1];
            for (int n = 0; n < k; n++) {
                weighted[n] = following[n] * expEmissions[i + 1][n];
            }
            double[] current = beta[i];
            for (int j = 0; j < k; j++) {
                current[j] = dot(weighted, expTransitions[j], targets[j]);
            }
            normalise(current);
        }
        double[][] marginals = new double[t][k];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                marginals[i][j] = alpha[i][j] * beta[i][j];
            }
            normalise(marginals[i]);
        }
        return marginals;
    }

    /**
     * The sum of {@code a[p] * b[p]} over the indices {@code p}, in four independent partial sums: a single running
     * sum waits on the latency of every addition.
     */
    private static double dot(double[] a, double[] b, int[] indices) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = indices.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[indices[i]] * b[indices[i]];
            s1 += a[indices[i + 1]] * b[indices[i + 1]];
            s2 += a[indices[i + 2]] * b[indices[i + 2]];
            s3 += a[indices[i + 3]] * b[indices[i + 3]];
        }
        for (; i < n; i++) {
            s0 += a[indices[i]] * b[indices[i]];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The successor lists that match predecessor lists: {@code n} follows {@code j} when {@code j} precedes it. */
    public static int[][] targets(int[][] sources) {
        int k = sources.length;
        List<List<Integer>> following = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            following.add(new ArrayList<>());
        }
        for (int n = 0; n < k; n++) {
            for (int j : sources[n]) {
                following.get(j).add(n);
            }
        }
        int[][] targets = new int[k][];
        for (int j = 0; j < k; j++) {
            targets[j] = following.get(j).stream().mapToInt(Integer::intValue).toArray();
        }
        return targets;
    }

    private static void normalise(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        if (sum > 0) {
            for (int i = 0; i < values.length; i++) {
                values[i] /= sum;
            }
        }
    }

    /** For each of {@code k} tags, every tag: the predecessor lists of an unconstrained CRF. */
    public static int[][] allSources(int k) {
        int[][] sources = new int[k][k];
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < k; p++) {
                sources[j][p] = p;
            }
        }
        return sources;
    }

    /** The transpose of a square matrix. */
    public static float[][] transpose(float[][] m) {
        float[][] t = new float[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
