package io.mre4j.model.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The joint - isolated gain on one metric, as fractions: the point estimate on the whole test set (mean over seeds),
 * the mean over the bootstrap resamples, and the percentile confidence interval of the paired bootstrap.
 *
 * @param jointMean    the joint model's score, mean over seeds
 * @param isolatedMean the isolated system's score, mean over seeds
 * @param gain         {@code jointMean − isolatedMean}
 * @param low          the lower bound of the confidence interval
 * @param high         the upper bound of the confidence interval
 */
public record Gain(StudyMetric metric, double jointMean, double isolatedMean, double gain, double bootstrapMean,
                   double low, double high, int resamples, double confidence) {

    /** True when the whole interval lies above 0: joint is significantly better. */
    public boolean better() {
        return low > 0;
    }

    /** True when the whole interval lies below 0: joint is significantly worse. */
    public boolean worse() {
        return high < 0;
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", metric.key());
        m.put("isolated", metric.isolatedName());
        m.put("jointMean", StudyResult.number(jointMean));
        m.put("isolatedMean", StudyResult.number(isolatedMean));
        m.put("gain", StudyResult.number(gain));
        m.put("bootstrapMean", StudyResult.number(bootstrapMean));
        m.put("ciLow", StudyResult.number(low));
        m.put("ciHigh", StudyResult.number(high));
        m.put("confidence", confidence);
        m.put("resamples", resamples);
        m.put("significant", better() ? "joint better" : worse() ? "isolated better" : "no (CI includes 0)");
        return m;
    }
}
