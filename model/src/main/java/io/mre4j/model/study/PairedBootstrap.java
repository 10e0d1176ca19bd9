package io.mre4j.model.study;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The paired bootstrap of Koehn (2004, "Statistical significance tests for machine translation evaluation", EMNLP):
 * the test documents are resampled with replacement, both systems are scored on the same resample, and the
 * percentiles of the resampled differences give a confidence interval for the gain. With several seeds, the gain on
 * each resample is the mean over seeds of (joint - isolated), each seed's pair of systems scored on that resample.
 *
 * <p>Every call draws its resamples from a fresh {@code Random(seed)}, so each metric sees the same resamples and the
 * result does not depend on which other metrics were bootstrapped.
 */
public final class PairedBootstrap {
    /** The default number of resamples. */
    public static final int RESAMPLES = 1000;
    /** The default confidence level. */
    public static final double CONFIDENCE = 0.95;

    private final int resamples;
    private final double confidence;
    private final long seed;

    public PairedBootstrap(int resamples, double confidence, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be positive, not " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), not " + confidence);
        }
        this.resamples = resamples;
        this.confidence = confidence;
        this.seed = seed;
    }

    public PairedBootstrap(long seed) {
        this(RESAMPLES, CONFIDENCE, seed);
    }

    public int resamples() {
        return resamples;
    }

    public double confidence() {
        return confidence;
    }

    public long seed() {
        return seed;
    }

    /**
     * The gain of {@code joint} over {@code isolated} on {@code metric}.
     *
     * @param joint    per seed, the joint model's per-document counts ({@link StudyMetric#counts}), documents in
     *                 test-set order
     * @param isolated per seed, the isolated system's counts, paired with {@code joint} by seed and document
     */
    public Gain gain(StudyMetric metric, List<long[][]> joint, List<long[][]> isolated) {
        if (joint.isEmpty() || joint.size() != isolated.size()) {
            throw new IllegalArgumentException("need the same positive number of seeds on both sides, not "
                    + joint.size() + " and " + isolated.size());
        }
        int seeds = joint.size();
        int documents = joint.get(0).length;
        for (int s = 0; s < seeds; s++) {
            if (joint.get(s).length != documents || isolated.get(s).length != documents) {
                throw new IllegalArgumentException("every seed needs counts for the same " + documents
                        + " documents");
            }
        }
        double[] jointScores = new double[seeds];
        double[] isolatedScores = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            jointScores[s] = metric.score(joint.get(s));
            isolatedScores[s] = metric.score(isolated.get(s));
        }
        double jointMean = Summary.mean(jointScores);
        double isolatedMean = Summary.mean(isolatedScores);
        double[] gains = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            gains[s] = jointScores[s] - isolatedScores[s];
        }
        double gain = Summary.mean(gains);
        if (documents == 0) {
            return new Gain(metric, jointMean, isolatedMean, gain, gain, gain, gain, resamples, confidence);
        }

        Random random = new Random(seed);
        int[] sample = new int[documents];
        double[] resampled = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < documents; i++) {
                sample[i] = random.nextInt(documents);
            }
            double sum = 0;
            for (int s = 0; s < seeds; s++) {
                sum += metric.score(sums(joint.get(s), sample, metric.width()))
                        - metric.score(sums(isolated.get(s), sample, metric.width()));
            }
            resampled[b] = sum / seeds;
        }
        double bootstrapMean = Summary.mean(resampled);
        Arrays.sort(resampled);
        double alpha = 1 - confidence;
        return new Gain(metric, jointMean, isolatedMean, gain, bootstrapMean, percentile(resampled, alpha / 2),
                percentile(resampled, 1 - alpha / 2), resamples, confidence);
    }

    /**
     * The {@code p}-quantile of sorted values by linear interpolation between closest ranks (R's default, type 7):
     * position {@code h = (n − 1)p}, value {@code x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])}.
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int low = (int) Math.floor(h);
        int high = Math.min(low + 1, sorted.length - 1);
        if (sorted[low] == sorted[high]) {
            return sorted[low];
        }
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }

    private static long[] sums(long[][] counts, int[] sample, int width) {
        long[] sums = new long[width];
        for (int i : sample) {
            long[] c = counts[i];
            for (int k = 0; k < width; k++) {
                sums[k] += c[k];
            }
        }
        return sums;
    }
}
