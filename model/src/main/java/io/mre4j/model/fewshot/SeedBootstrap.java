package io.mre4j.model.fewshot;

import io.mre4j.model.study.PairedBootstrap;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Confidence intervals for few-shot scores by a two-level bootstrap: each resample draws the seeds with replacement
 * and, independently, the test documents with replacement, and scores the mean over the drawn seeds on the drawn
 * documents. Resampling the seeds puts the variation between support sets, which dominates few-shot results, into
 * the interval; resampling the documents puts the test set's sampling error in (Koehn 2004's paired bootstrap does
 * only the second). A gain is paired on both levels: both methods are scored on the same seeds (so on the same
 * support sets) and the same documents. Percentile intervals ({@link PairedBootstrap#percentile}); every call draws
 * from a fresh {@code Random(seed)}, so each metric and method sees the same resamples.
 */
public final class SeedBootstrap {
    private final PairedBootstrap settings;

    /** Resamples, confidence and seed as {@link PairedBootstrap}'s, checked the same way. */
    public SeedBootstrap(int resamples, double confidence, long seed) {
        this.settings = new PairedBootstrap(resamples, confidence, seed);
    }

    public int resamples() {
        return settings.resamples();
    }

    public double confidence() {
        return settings.confidence();
    }

    public long seed() {
        return settings.seed();
    }

    /** The interval of one method's score: {@code predicted} per seed, each paired with {@code gold} by document. */
    public Interval score(FewshotMetric metric, int[][] gold, List<int[][]> predicted, int labels) {
        return interval(metric, gold, predicted, null, labels);
    }

    /** The interval of the gain {@code a − b}, paired by seed and document. */
    public Interval gain(FewshotMetric metric, int[][] gold, List<int[][]> a, List<int[][]> b, int labels) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("both methods need the same seeds, not " + a.size() + " and "
                    + b.size());
        }
        return interval(metric, gold, a, b, labels);
    }

    private Interval interval(FewshotMetric metric, int[][] gold, List<int[][]> a, List<int[][]> b, int labels) {
        int seeds = a.size();
        if (seeds == 0) {
            throw new IllegalArgumentException("need at least one seed");
        }
        double estimate = 0;
        for (int s = 0; s < seeds; s++) {
            estimate += metric.score(gold, a.get(s), labels)
                    - (b == null ? 0 : metric.score(gold, b.get(s), labels));
        }
        estimate /= seeds;
        int documents = gold.length;
        if (documents == 0) {
            return new Interval(estimate, estimate, estimate);
        }
        Random random = new Random(seed());
        int[] sample = new int[documents];
        double[] values = new double[resamples()];
        for (int r = 0; r < resamples(); r++) {
            int[] drawnSeeds = new int[seeds];
            for (int s = 0; s < seeds; s++) {
                drawnSeeds[s] = random.nextInt(seeds);
            }
            for (int i = 0; i < documents; i++) {
                sample[i] = random.nextInt(documents);
            }
            double sum = 0;
            for (int s : drawnSeeds) {
                sum += metric.score(gold, a.get(s), sample, labels)
                        - (b == null ? 0 : metric.score(gold, b.get(s), sample, labels));
            }
            values[r] = sum / seeds;
        }
        Arrays.sort(values);
        double alpha = 1 - confidence();
        return new Interval(estimate, PairedBootstrap.percentile(values, alpha / 2),
                PairedBootstrap.percentile(values, 1 - alpha / 2));
    }

    /** A point estimate (mean over seeds on the whole test set) and its percentile interval, as fractions. */
    public record Interval(double estimate, double low, double high) {
        /** True when the whole interval lies above 0. */
        public boolean above() {
            return low > 0;
        }

        /** True when the whole interval lies below 0. */
        public boolean below() {
            return high < 0;
        }
    }
}
