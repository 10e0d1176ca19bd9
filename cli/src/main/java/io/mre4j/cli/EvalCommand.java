package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.gen.seq.GenModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.Callable;

/**
 * {@code mre4j eval}: TL, WL and ALL scores of predictions against gold documents, matched by id; either two JSONL
 * files, or a model run on labelled data.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score predictions against gold: TL accuracy and micro/macro F1, WL micro P/R/F1 over exact "
                + "(start, end, label), type-agnostic span F1, and ALL (whole-document exact match).",
                "Either --gold FILE --pred FILE (JSONL, matched by id), or an engine run on labelled data: --model "
                        + "MODEL --data PATH, or --engine llm --endpoint URL --llm-model NAME ... --data PATH."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gold", paramLabel = "FILE", description = "Gold documents (JSONL).")
    Path gold;

    @Option(names = "--pred", paramLabel = "FILE", description = "Predicted documents (JSONL).")
    Path pred;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--data", paramLabel = "PATH", description = "Labelled data to run the engine on.")
    Path data;

    @Mixin
    InputOptions input;

    @Option(names = "--json", description = "Print JSON with the keys tl.accuracy, tl.microF1, tl.macroF1, "
            + "wl.precision, wl.recall, wl.f1, wl.spanF1 and all.exactMatch (fractions); for a generator (engine "
            + "gen) also format.valid and format.grounded.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean files = gold != null || pred != null;
        boolean engineRun = engineOptions.model != null || engineOptions.isLlm() || data != null;
        if (files == engineRun || (files && (gold == null || pred == null)) || (engineRun && data == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either --gold and --pred, or --model (or --engine llm ...) and --data");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Document> goldDocuments;
        List<Document> predicted;
        Map<String, Double> format = new LinkedHashMap<>();
        if (files) {
            goldDocuments = read(gold);
            predicted = read(pred);
        } else {
            goldDocuments = DataFiles.read(input, data, err);
            try (ExtractionEngine engine = engineOptions.open(spec, input, err)) {
                Map<String, Integer> unseen = engine.schema().unseenLabels(goldDocuments);
                if (!unseen.isEmpty()) {
                    err.println("note: labels in " + data + " that the " + (engineOptions.isLlm() ? "task's schema "
                            + "does not have (the LLM may not give them" : "model never saw in training (it cannot "
                            + "predict them") + "; they count as errors): " + unseen);
                }
                if (engine instanceof GenModel generator) {
                    long started = System.nanoTime();
                    List<GenModel.Decoded> decoded = generator.decodeAll(goldDocuments);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    predicted = decoded.stream().map(GenModel.Decoded::document).toList();
                    format.put("format.valid", share(decoded, GenModel.Decoded::valid));
                    format.put("format.grounded", share(decoded, GenModel.Decoded::grounded));
                    err.printf("gen: %d texts decoded in %.1f s (%.2f ms a text), constraint %s%n", decoded.size(),
                            seconds, 1000 * seconds / Math.max(1, decoded.size()),
                            generator.constraint().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                } else {
                    predicted = engine.extract(goldDocuments);
                }
                EngineOptions.report(engine, err);
            }
        }
        EvaluationResult result = Evaluation.evaluate(goldDocuments, predicted);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> scores = new LinkedHashMap<>(result.toJsonMap());
            scores.putAll(format);
            out.println(DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(scores));
        } else {
            out.print(result.toTable());
            format.forEach((key, value) -> out.printf("%-16s %6.2f%n", key, 100 * value));
        }
        if (result.missing() > 0) {
            err.println(result.missing() + " gold document(s) have no prediction; counted as wrong");
        }
        return Mre4j.OK;
    }

    /** The share of decoded texts for which {@code test} holds. */
    private static double share(List<GenModel.Decoded> decoded, Predicate<GenModel.Decoded> test) {
        return decoded.isEmpty() ? 1.0 : decoded.stream().filter(test).count() / (double) decoded.size();
    }

    private static List<Document> read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw DataException.fatal(path.toString(), 0, "no such file", null);
        }
        return Formats.readAll(new JsonlFormat(), path, ReadOptions.DEFAULT);
    }
}
