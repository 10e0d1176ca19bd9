package io.mre4j.model.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean and the sample standard deviation (n − 1 in the denominator) of one value over the seeds of a study; the
 * standard deviation is NaN for a single seed, where it is undefined.
 */
public record Summary(double mean, double sd, List<Double> values) {
    public Summary {
        values = List.copyOf(values);
    }

    /** The summary of {@code values}; an empty array gives NaN for both. */
    public static Summary of(double... values) {
        List<Double> list = new ArrayList<>(values.length);
        Arrays.stream(values).forEach(list::add);
        return new Summary(mean(values), sd(values), list);
    }

    public static Summary of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The arithmetic mean; NaN for no values. */
    public static double mean(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The sample standard deviation, sqrt(Σ(x − mean)² / (n − 1)); NaN for fewer than two values. */
    public static double sd(double... values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** {@code mean}, {@code sd} (null when undefined) and {@code values}, for JSON. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", StudyResult.number(mean));
        m.put("sd", StudyResult.number(sd));
        m.put("values", values);
        return m;
    }
}
