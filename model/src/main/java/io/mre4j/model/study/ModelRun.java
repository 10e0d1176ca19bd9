package io.mre4j.model.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One system of one seed in an MRE study: a trained model ({@code joint}, {@code text}, {@code word}) or the
 * {@code isolated} pipeline of the text-only and word-only models, with its test scores (fractions, keyed as in
 * {@link StudyMetric#key()}) and its training time (for the pipeline, the sum of its two models').
 *
 * @param bestEpoch the epoch whose weights were kept, or null for the pipeline
 */
public record ModelRun(String mode, long seed, Map<String, Double> scores, double trainingSeconds,
                       Integer bestEpoch) {
    public ModelRun {
        scores = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("seed", seed);
        m.put("scores", scores);
        m.put("trainingSeconds", trainingSeconds);
        m.put("bestEpoch", bestEpoch);
        return m;
    }
}
