package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.UsageException;
import io.mre4j.core.doc.Document;
import io.mre4j.model.TrainingConfig;
import io.mre4j.model.fewshot.FewshotExperiment;
import io.mre4j.model.fewshot.FewshotMetric;
import io.mre4j.model.fewshot.FewshotReport;
import io.mre4j.model.fewshot.FewshotResult;
import io.mre4j.model.fewshot.PretrainedTextEmbedder;
import io.mre4j.model.fewshot.PrototypeClassifier;
import io.mre4j.model.fewshot.SeedBootstrap;
import io.mre4j.model.pretrained.PretrainedEncoder;
import io.mre4j.model.study.PairedBootstrap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code mre4j fewshot}: the few-shot MRE verbalizer of DESIGN §4 (engine 3), compared with a label-name baseline
 * over several k and seeds; writes {@code results.json}, {@code report.md} and {@code report.html} like
 * {@code study}.
 */
@Command(name = "fewshot", mixinStandardHelpOptions = true,
        description = {"Few-shot text classification with k examples per label: a label-name + examples prototype "
                + "baseline against two uses of the examples' word level: the MRE verbalizer, which adds their span "
                + "types and span texts weighted by how specific each is to the label, and type templates, which add "
                + "the examples with each span replaced by its type. Texts are embedded by a frozen pretrained "
                + "encoder.",
                "Writes DIR/results.json, DIR/report.md and DIR/report.html (self-contained, with plots)."})
final class FewshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--train", paramLabel = "PATH", required = true,
            description = "Labelled data the k examples per label are drawn from.")
    Path train;

    @Option(names = "--test", paramLabel = "PATH", required = true, description = "Test data both methods are "
            + "scored on.")
    Path test;

    @Mixin
    InputOptions input;

    @Option(names = "--k", paramLabel = "K[,K...]", defaultValue = "1,5,10,20",
            description = "Examples per text label, comma-separated (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5",
            description = "How many support sets per k: seeds --seed, --seed + 1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The first seed (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--encoder", paramLabel = "NAME",
            description = "minilm-en or bge-small-zh. Default: from the data's language (en: minilm-en, zh: "
                    + "bge-small-zh); other languages must name one.")
    String encoder;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "ONNX Runtime threads for the encoder (0: every core; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--verbalizer-weight", paramLabel = "W", defaultValue = "" + PrototypeClassifier.VERBALIZER_WEIGHT,
            description = "Weight of the MRE verbalizer's part of a prototype against the label name's and the "
                    + "examples' (1 each; default: ${DEFAULT-VALUE}, chosen on dev splits, see docs/fewshot.md).")
    double verbalizerWeight;

    @Option(names = "--joint", description = "Also train a joint model (joint mode, from scratch) on each support set "
            + "and compare it with the baseline: one training per k and seed.")
    boolean joint;

    @Option(names = "--joint-config", paramLabel = "FILE", description = "The joint model's training config "
            + "(JSON, as train --config; implies --joint). Default: train's defaults.")
    Path jointConfig;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "1000",
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write the report to.")
    Path out;

    @Override
    public Integer call() {
        List<Integer> ks = parseK(k);
        if (seeds < 1) {
            throw usage("--seeds must be at least 1, not " + seeds);
        }
        if (resamples < 1) {
            throw usage("--resamples must be at least 1, not " + resamples);
        }
        if (!(verbalizerWeight >= 0) || Double.isInfinite(verbalizerWeight)) {
            throw usage("--verbalizer-weight must be a number of at least 0, not " + verbalizerWeight);
        }
        if (threads < 0) {
            throw usage("--threads must be 0 (every core) or more, not " + threads);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new DataException(out.toString(), 0, "--out must be a folder, but this is a file");
        }
        TrainingConfig jointTraining = null;
        if (joint || jointConfig != null) {
            jointTraining = (jointConfig == null ? new TrainingConfig() : TrainingConfig.read(jointConfig)).validate();
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        PretrainedEncoder chosen = encoder == null ? null : PretrainedEncoder.parse(encoder);
        List<Document> trainDocuments = DataFiles.read(input, train, err);
        List<Document> testDocuments = DataFiles.read(input, test, err);
        String language = language(trainDocuments);
        if (chosen == null) {
            chosen = encoderFor(language);
        } else if (!chosen.language().equals(language)) {
            err.printf(Locale.ROOT, "note: the data's language is '%s' but %s was trained on '%s'%n", language,
                    chosen.id(), chosen.language());
        }
        List<Long> seedList = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            seedList.add(seed + s);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainPath", train.toString());
        provenance.put("trainFileSha256", DataFiles.sha256(train));
        provenance.put("testPath", test.toString());
        provenance.put("testFileSha256", DataFiles.sha256(test));
        provenance.put("encoderArtifact", chosen.artifact());
        provenance.put("encoderSha256", chosen.sha256());
        provenance.put("language", language);
        String name = TrainingOptions.taskName(train);
        err.printf(Locale.ROOT, "fewshot %s: %s, k = %s, %d seed(s), %d training and %d test documents%n", name,
                chosen.id(), ks, seeds, trainDocuments.size(), testDocuments.size());
        err.flush();
        FewshotExperiment.Listener listener = (index, total, runs) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d/%d] k %d seed %d  accuracy / "
                    + "macro F1:", index, total, runs.get(0).k(), runs.get(0).seed()));
            for (FewshotExperiment.Run run : runs) {
                line.append(String.format(Locale.ROOT, "  %s %.2f / %.2f", run.method(),
                        100 * run.scores().get(FewshotMetric.ACCURACY),
                        100 * run.scores().get(FewshotMetric.MACRO_F1)));
            }
            err.println(line);
            err.flush();
        };
        FewshotExperiment experiment = new FewshotExperiment(ks, seedList,
                new SeedBootstrap(resamples, PairedBootstrap.CONFIDENCE, seed), verbalizerWeight, jointTraining,
                listener);
        FewshotResult result;
        try (PretrainedTextEmbedder embedder = PretrainedTextEmbedder.open(chosen, threads)) {
            result = experiment.run(name, trainDocuments, testDocuments, embedder, provenance)
                    .withCommand(StudyCommand.commandLine(spec));
        }
        List<Path> paths = FewshotReport.write(result, out);
        stdout.print(FewshotReport.table(result));
        stdout.println();
        result.notes().forEach(stdout::println);
        stdout.println(result.summarySentence());
        for (Path p : paths) {
            stdout.println("wrote " + p);
        }
        return Mre4j.OK;
    }

    /** Parses {@code 1,5,10}: positive whole numbers, duplicates merged, sorted. */
    private List<Integer> parseK(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            int value;
            try {
                value = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw usage("--k takes positive whole numbers separated by commas, such as 1,5,10,20; '" + part
                        + "' is not one");
            }
            if (value < 1) {
                throw usage("--k takes positive whole numbers separated by commas, such as 1,5,10,20; " + value
                        + " is not positive");
            }
            out.add(value);
        }
        return List.copyOf(out);
    }

    /** The most common {@code lang} of the documents. */
    static String language(List<Document> documents) {
        Map<String, Integer> counts = new TreeMap<>();
        documents.forEach(d -> counts.merge(d.lang().toLowerCase(Locale.ROOT).split("[-_]")[0], 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    /** The encoder trained on {@code language}; a language without one is a usage error that says what to do. */
    static PretrainedEncoder encoderFor(String language) {
        for (PretrainedEncoder e : PretrainedEncoder.values()) {
            if (e.language().equals(language)) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (PretrainedEncoder e : PretrainedEncoder.values()) {
            known.append(known.length() == 0 ? "" : ", ").append(e.id()).append(" (").append(e.language())
                    .append(')');
        }
        throw new UsageException("no pretrained encoder for the data's language '" + language + "'; the known "
                + "encoders are " + known + "; pass --encoder NAME to embed with one of them anyway");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
