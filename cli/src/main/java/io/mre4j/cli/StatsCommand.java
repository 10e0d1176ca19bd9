package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.core.stats.CorpusStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mre4j stats}: what a corpus holds, including spans misaligned with the tokenizer. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count documents, labels and spans, and the spans whose edges fall inside a token.")
final class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--json", description = "Print JSON (keys: documents, spans, textLabels, spanLabels, ...).")
    boolean json;

    @Parameters(paramLabel = "INPUT", description = "File or directory to read.")
    Path inputPath;

    @Override
    public Integer call() throws Exception {
        CorpusStatistics statistics = new CorpusStatistics();
        try (CheckedReader reader = input.open(inputPath)) {
            for (Document d = reader.next(); d != null; d = reader.next()) {
                statistics.add(d);
            }
            InputOptions.reportSkipped(reader, spec.commandLine().getErr());
            if (json) {
                Map<String, Object> map = statistics.toJsonMap();
                map.put("skipped", reader.skipped().size());
                spec.commandLine().getOut().println(
                        DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(map));
            } else {
                spec.commandLine().getOut().print(statistics.toText());
            }
        }
        return Mre4j.OK;
    }
}
