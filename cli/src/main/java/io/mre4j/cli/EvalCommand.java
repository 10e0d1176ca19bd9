package io.mre4j.cli;

import io.mre4j.core.format.Formats;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.core.DataException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mre4j eval}: TL, WL and ALL scores of predictions against gold documents, matched by id. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score predictions against gold: TL accuracy and micro/macro F1, WL micro P/R/F1 over exact "
                + "(start, end, label), type-agnostic span F1, and ALL (whole-document exact match).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--gold", paramLabel = "FILE", required = true, description = "Gold documents (JSONL).")
    Path gold;

    @Option(names = "--pred", paramLabel = "FILE", required = true, description = "Predicted documents (JSONL).")
    Path pred;

    @Option(names = "--json", description = "Print JSON with the keys tl.accuracy, tl.microF1, tl.macroF1, "
            + "wl.precision, wl.recall, wl.f1, wl.spanF1 and all.exactMatch (fractions).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        EvaluationResult result = Evaluation.evaluate(read(gold), read(pred));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.toJsonMap()));
        } else {
            out.print(result.toTable());
        }
        if (result.missing() > 0) {
            spec.commandLine().getErr().println(result.missing() + " gold document(s) have no prediction; "
                    + "counted as wrong");
        }
        return Mre4j.OK;
    }

    private static List<io.mre4j.core.doc.Document> read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw DataException.fatal(path.toString(), 0, "no such file", null);
        }
        return Formats.readAll(new JsonlFormat(), path, ReadOptions.DEFAULT);
    }
}
