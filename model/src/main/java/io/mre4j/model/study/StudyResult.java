package io.mre4j.model.study;

import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.TrainingConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an MRE study found: the setup, every model's test scores per seed, the mean and standard deviation per
 * system, the joint - isolated gains with their paired-bootstrap intervals, and the verdict. Scores are fractions.
 *
 * @param devDocuments the size of the given dev set, or null when each model held out part of the training data
 * @param metrics      the metrics the data allows, in TL, WL, ALL order
 * @param notes        what was skipped and why
 * @param summary      per system ({@code joint}, {@code text}, {@code word}, {@code isolated}), per metric key and
 *                     {@code trainingSeconds}, the summary over seeds
 * @param command      the command line that ran the study, or null
 */
public record StudyResult(
        String name,
        TrainingConfig config,
        List<Long> seeds,
        int trainDocuments,
        Integer devDocuments,
        int testDocuments,
        List<StudyMetric> metrics,
        List<String> notes,
        List<ModelRun> runs,
        Map<String, Map<String, Summary>> summary,
        Map<StudyMetric, Gain> gains,
        Verdict verdict,
        String verdictSentence,
        int resamples,
        double confidence,
        long bootstrapSeed,
        Map<String, Object> provenance,
        String command) {

    /** The systems of a study, in report order. */
    public static final List<String> SYSTEMS = List.of("joint", "text", "word", "isolated");

    public StudyResult {
        seeds = List.copyOf(seeds);
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
        runs = List.copyOf(runs);
        Map<String, Map<String, Summary>> copy = new LinkedHashMap<>();
        summary.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        summary = Collections.unmodifiableMap(copy);
        gains = Collections.unmodifiableMap(new LinkedHashMap<>(gains));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** This result with the command line that produced it. */
    public StudyResult withCommand(String commandLine) {
        return new StudyResult(name, config, seeds, trainDocuments, devDocuments, testDocuments, metrics, notes,
                runs, summary, gains, verdict, verdictSentence, resamples, confidence, bootstrapSeed, provenance,
                commandLine);
    }

    /** One sentence per compared metric, in TL, WL, ALL order. */
    public List<String> metricSentences() {
        List<String> out = new ArrayList<>();
        gains.values().forEach(g -> out.add(Verdict.metricSentence(g)));
        return out;
    }

    /** A human name for a system: {@code text-only}, {@code isolated (text + word)}. */
    public static String systemName(String system) {
        switch (system) {
            case "text":
                return "text-only";
            case "word":
                return "word-only";
            case "isolated":
                return "isolated (text + word pipeline)";
            default:
                return system;
        }
    }

    /** The whole result as an insertion-ordered, JSON-compatible map: what {@code results.json} holds. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", "mre");
        m.put("name", name);
        m.put("command", command);
        m.put("units", "scores, gains and intervals are fractions (0-1); reports show them in percent");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trainDocuments", trainDocuments);
        data.put("devDocuments", devDocuments);
        data.put("devSplit", devDocuments == null ? "held out from the training data per seed" : "given");
        data.put("testDocuments", testDocuments);
        data.put("metrics", metrics.stream().map(StudyMetric::key).toList());
        data.put("notes", notes);
        m.put("data", data);
        m.put("seeds", seeds);
        m.put("config", DocumentJson.MAPPER.convertValue(config, Map.class));
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        bootstrap.put("method", "paired bootstrap over test documents (Koehn 2004), percentile interval; the gain "
                + "on each resample is the mean over seeds of joint - isolated");
        bootstrap.put("resamples", resamples);
        bootstrap.put("confidence", confidence);
        bootstrap.put("seed", bootstrapSeed);
        m.put("bootstrap", bootstrap);
        m.put("runs", runs.stream().map(ModelRun::toJsonMap).toList());
        Map<String, Object> summaries = new LinkedHashMap<>();
        summary.forEach((system, values) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            values.forEach((key, value) -> s.put(key, value.toJsonMap()));
            summaries.put(system, s);
        });
        m.put("summary", summaries);
        Map<String, Object> gainMap = new LinkedHashMap<>();
        gains.forEach((metric, gain) -> {
            Map<String, Object> g = gain.toJsonMap();
            g.put("sentence", Verdict.metricSentence(gain));
            gainMap.put(metric.key(), g);
        });
        m.put("gains", gainMap);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("outcome", verdict.words());
        v.put("sentence", verdictSentence);
        v.put("rule", Verdict.RULE);
        m.put("verdict", v);
        m.put("provenance", provenance);
        return m;
    }

    /** A double for JSON: null for NaN or an infinity, which JSON cannot hold. */
    static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
