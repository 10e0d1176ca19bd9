package io.mre4j.model.fewshot;

import io.mre4j.core.metrics.LabelScore;

/**
 * The two text-level metrics of the few-shot comparison, computed from label indices exactly as
 * {@code io.mre4j.core.metrics.Evaluation} computes TL accuracy and TL macro F1 from documents: accuracy is the share
 * of documents whose predicted label set equals the gold set; macro F1 is the unweighted mean of per-label F1 over
 * every label that occurs in gold or prediction (so a resample that lacks a label does not count it).
 */
public enum FewshotMetric {
    ACCURACY("tl.accuracy", "accuracy"),
    MACRO_F1("tl.macroF1", "macro F1");

    private final String key;
    private final String title;

    FewshotMetric(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The key in {@code results.json}, as in {@code eval --json}. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    /**
     * The score of the documents {@code sample} (indices into {@code gold}, repeats allowed), as a fraction.
     *
     * @param gold      per document, its gold label indices (no repeats)
     * @param predicted per document, its predicted label indices (no repeats)
     * @param labels    the size of the label index space
     */
    public double score(int[][] gold, int[][] predicted, int[] sample, int labels) {
        if (this == ACCURACY) {
            if (sample.length == 0) {
                return 1.0;
            }
            int right = 0;
            for (int i : sample) {
                if (sameSet(gold[i], predicted[i])) {
                    right++;
                }
            }
            return (double) right / sample.length;
        }
        int[] tp = new int[labels];
        int[] fp = new int[labels];
        int[] fn = new int[labels];
        for (int i : sample) {
            for (int g : gold[i]) {
                if (contains(predicted[i], g)) {
                    tp[g]++;
                } else {
                    fn[g]++;
                }
            }
            for (int p : predicted[i]) {
                if (!contains(gold[i], p)) {
                    fp[p]++;
                }
            }
        }
        double sum = 0;
        int seen = 0;
        for (int l = 0; l < labels; l++) {
            if (tp[l] + fp[l] + fn[l] > 0) {
                sum += LabelScore.of(tp[l], fp[l], fn[l]).f1();
                seen++;
            }
        }
        return seen == 0 ? 1.0 : sum / seen;
    }

    /** The score over every document. */
    public double score(int[][] gold, int[][] predicted, int labels) {
        int[] all = new int[gold.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return score(gold, predicted, all, labels);
    }

    private static boolean sameSet(int[] a, int[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int x : a) {
            if (!contains(b, x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(int[] values, int x) {
        for (int v : values) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
