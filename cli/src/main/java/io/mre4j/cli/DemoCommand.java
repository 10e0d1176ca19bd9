package io.mre4j.cli;

import io.mre4j.core.demo.DemoCorpus;
import io.mre4j.core.doc.Document;
import io.mre4j.core.metrics.Evaluation;
import io.mre4j.core.metrics.EvaluationResult;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.core.stats.CorpusStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mre4j demo}: the main job on the embedded corpus. It reads the English and Japanese demo documents, prints
 * their statistics, and runs every document through the generative string form and back, scoring the round trip
 * with the same metrics as {@code eval}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the embedded demo corpus (English and Japanese).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Document> english = DemoCorpus.english();
        List<Document> japanese = DemoCorpus.japanese();
        out.println("== Embedded demo corpus");
        describe(out, "English", english);
        describe(out, "Japanese", japanese);

        List<Document> all = new ArrayList<>(english);
        all.addAll(japanese);
        List<Document> decoded = new ArrayList<>(all.size());
        for (Document d : all) {
            SlgDialect dialect = SlgDialect.forLanguage(d.lang());
            decoded.add(SlgCodec.decode(d.withLabels(List.of()).withSpans(List.of()), SlgCodec.encode(d, dialect),
                    dialect));
        }
        out.println();
        out.println("== Generative string form (SLG), two examples");
        for (Document d : List.of(english.get(0), japanese.get(0))) {
            out.println("  " + d.text());
            out.println("  -> " + SlgCodec.encode(d, SlgDialect.forLanguage(d.lang())));
        }
        out.println();
        out.println("== Round trip document -> SLG string -> document, scored against the original");
        EvaluationResult result = Evaluation.evaluate(all, decoded);
        out.print(result.toTable());
        return Mre4j.OK;
    }

    private static void describe(PrintWriter out, String name, List<Document> documents) {
        CorpusStatistics statistics = new CorpusStatistics();
        documents.forEach(statistics::add);
        out.println();
        out.println("-- " + name);
        out.print(statistics.toText());
    }
}
