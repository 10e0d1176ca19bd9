package io.mre4j.model.fewshot;

import io.mre4j.model.fewshot.FewshotExperiment.MethodScore;
import io.mre4j.model.fewshot.FewshotExperiment.PerK;
import io.mre4j.model.fewshot.FewshotExperiment.Run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a few-shot comparison found: the setup, each (k, seed, method)'s test scores, per k the scores with
 * their intervals and the gains of the other methods over the baseline, and a sample of the mined verbalizer. Scores
 * are fractions.
 *
 * @param encoder          the embedder's description
 * @param methods          the methods compared, the baseline first
 * @param verbalizerWeight the weight of the verbalizer's part of a prototype
 * @param labelNames       each training label's readable name, as embedded
 * @param verbalizerSample the heaviest items per label of the verbalizer at the largest k and the first seed
 * @param testEmbedSeconds time to embed the test texts once
 * @param command          the command line that ran it, or null
 */
public record FewshotResult(
        String name,
        String encoder,
        List<String> methods,
        double verbalizerWeight,
        List<Integer> ks,
        List<Long> seeds,
        int trainDocuments,
        int testDocuments,
        List<String> labels,
        Map<String, String> labelNames,
        boolean multiLabel,
        List<String> notes,
        List<PerK> perK,
        List<Run> runs,
        Map<String, List<Verbalizer.Item>> verbalizerSample,
        double testEmbedSeconds,
        int resamples,
        double confidence,
        long bootstrapSeed,
        Map<String, Object> provenance,
        String command) {

    public FewshotResult {
        methods = List.copyOf(methods);
        ks = List.copyOf(ks);
        seeds = List.copyOf(seeds);
        labels = List.copyOf(labels);
        labelNames = Collections.unmodifiableMap(new LinkedHashMap<>(labelNames));
        notes = List.copyOf(notes);
        perK = List.copyOf(perK);
        runs = List.copyOf(runs);
        verbalizerSample = Collections.unmodifiableMap(new LinkedHashMap<>(verbalizerSample));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    public FewshotResult withCommand(String commandLine) {
        return new FewshotResult(name, encoder, methods, verbalizerWeight, ks, seeds, trainDocuments, testDocuments,
                labels, labelNames,
                multiLabel, notes, perK, runs, verbalizerSample, testEmbedSeconds, resamples, confidence,
                bootstrapSeed, provenance, commandLine);
    }

    /** The methods compared with the baseline: every method but the first. */
    public List<String> compared() {
        return methods.subList(1, methods.size());
    }

    /** The plain name of a method in reports. */
    public static String methodTitle(String method) {
        return switch (method) {
            case FewshotExperiment.BASELINE -> "baseline (label name + examples)";
            case FewshotExperiment.VERBALIZER -> "MRE verbalizer (+ weighted span types and texts)";
            case FewshotExperiment.TEMPLATES -> "type templates (+ examples with spans replaced by their types)";
            case FewshotExperiment.JOINT -> "joint model trained on the k examples";
            default -> method;
        };
    }

    /** One plain sentence per word-level method: at which k it beats the baseline, loses, or is level. */
    public String summarySentence() {
        List<String> sentences = new ArrayList<>();
        for (String method : compared()) {
            Map<FewshotExperiment.Outcome, List<Integer>> byOutcome = new LinkedHashMap<>();
            for (PerK p : perK) {
                byOutcome.computeIfAbsent(p.outcomes().get(method), o -> new ArrayList<>()).add(p.k());
            }
            List<String> parts = new ArrayList<>();
            byOutcome.forEach((outcome, k) -> parts.add(switch (outcome) {
                case BETTER -> "better at " + ks(k);
                case WORSE -> "worse at " + ks(k);
                case MIXED -> "mixed (the metrics disagree) at " + ks(k);
                case LEVEL -> "no significant difference at " + ks(k);
            }));
            String name = switch (method) {
                case FewshotExperiment.VERBALIZER -> "MRE verbalizer";
                case FewshotExperiment.TEMPLATES -> "Type templates";
                case FewshotExperiment.JOINT -> "Joint model";
                default -> method;
            };
            sentences.add(name + " against the baseline: " + String.join("; ", parts) + ".");
        }
        return String.join(" ", sentences);
    }

    private static String ks(List<Integer> k) {
        return "k = " + String.join(", ", k.stream().map(String::valueOf).toList());
    }

    /** The whole result as a JSON-compatible map: what {@code results.json} holds. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", "fewshot");
        m.put("name", name);
        m.put("command", command);
        m.put("units", "scores, gains and intervals are fractions (0-1); reports show them in percent");
        m.put("encoder", encoder);
        m.put("methods", methods);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trainDocuments", trainDocuments);
        data.put("testDocuments", testDocuments);
        data.put("multiLabel", multiLabel);
        data.put("labels", labelNames);
        data.put("notes", notes);
        m.put("data", data);
        m.put("ks", ks);
        m.put("seeds", seeds);
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("baseline", "cosine nearest prototype; prototype = unit(name + mean of the k examples)");
        method.put("verbalizer", "prototype = unit(name + mean of the k examples + "
                + verbalizerWeight + " x weighted mean of the span types and span texts of "
                + "the examples); weight = f(c,v) * max(0, (p(c|v) - 1/C) / (1 - 1/C)), p smoothed with alpha "
                + Verbalizer.SMOOTHING);
        method.put("templates", "prototype = unit(name + mean of the k examples + mean of the k examples with "
                + "each span replaced by its type's readable name)");
        if (methods.contains(FewshotExperiment.JOINT)) {
            method.put("joint", "a joint model (mre4j's BiLSTM-CRF, joint mode, from scratch) trained on the k "
                    + "examples per label, which are also its dev set");
        }
        m.put("method", method);
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        bootstrap.put("method", "two-level bootstrap: seeds and test documents drawn with replacement; the score "
                + "on a resample is the mean over the drawn seeds; gains paired by seed and document; percentile "
                + "interval");
        bootstrap.put("resamples", resamples);
        bootstrap.put("confidence", confidence);
        bootstrap.put("seed", bootstrapSeed);
        m.put("bootstrap", bootstrap);
        List<Object> results = new ArrayList<>();
        for (PerK p : perK) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("k", p.k());
            p.scores().forEach((name, scores) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                scores.forEach((metric, score) -> s.put(metric.key(), scoreJson(score)));
                r.put(name, s);
            });
            Map<String, Object> gains = new LinkedHashMap<>();
            p.gains().forEach((name, byMetric) -> {
                Map<String, Object> g = new LinkedHashMap<>();
                byMetric.forEach((metric, interval) -> g.put(metric.key(), intervalJson(interval)));
                g.put("outcome", p.outcomes().get(name).words());
                gains.put(name, g);
            });
            r.put("gainOverBaseline", gains);
            results.add(r);
        }
        m.put("results", results);
        m.put("summary", summarySentence());
        m.put("rule", FewshotExperiment.Outcome.RULE);
        List<Object> runList = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("k", run.k());
            r.put("seed", run.seed());
            r.put("method", run.method());
            run.scores().forEach((metric, v) -> r.put(metric.key(), v));
            r.put("supportDocuments", run.supportDocuments());
            r.put("verbalizerItems", run.verbalizerItems());
            r.put("seconds", run.seconds());
            runList.add(r);
        }
        m.put("runs", runList);
        Map<String, Object> sample = new LinkedHashMap<>();
        verbalizerSample.forEach((label, items) -> sample.put(label, items.stream().map(i -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", i.kind().name().toLowerCase(Locale.ROOT));
            x.put("text", i.text());
            x.put("weight", i.weight());
            x.put("pLabelGivenItem", i.probability());
            x.put("examples", i.examples());
            return x;
        }).toList()));
        m.put("verbalizerSample", sample);
        m.put("testEmbedSeconds", testEmbedSeconds);
        m.put("provenance", provenance);
        return m;
    }

    private static Map<String, Object> scoreJson(MethodScore score) {
        Map<String, Object> s = score.seeds().toJsonMap();
        s.put("ciLow", number(score.interval().low()));
        s.put("ciHigh", number(score.interval().high()));
        return s;
    }

    private static Map<String, Object> intervalJson(SeedBootstrap.Interval g) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("gain", number(g.estimate()));
        s.put("ciLow", number(g.low()));
        s.put("ciHigh", number(g.high()));
        s.put("significant", g.above() ? "method better" : g.below() ? "baseline better" : "no (CI includes 0)");
        return s;
    }

    static Double number(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
