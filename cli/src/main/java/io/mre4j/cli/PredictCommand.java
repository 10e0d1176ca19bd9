package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.format.DocumentReader;
import io.mre4j.core.format.DocumentWriter;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.engine.ExtractionEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code mre4j predict}: labels and spans, with scores, for every document of a JSONL file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict text labels and spans with scores. Input JSONL needs only id and text; '-' is "
                + "standard input or output.",
                "Engines: a model bundle (--model MODEL), or an LLM server (--engine llm --endpoint URL --llm-model "
                        + "NAME [--protocol openai|ollama] [--shots K --train PATH | --schema FILE]); LLM answers are "
                        + "constrained, validated and repaired, so every output parses and every span is grounded."})
final class PredictCommand implements Callable<Integer> {
    private static final int CHUNK = 1024;
    private static final int LLM_CHUNK = 16;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Parameters(index = "0", paramLabel = "INPUT", description = "JSONL documents, or - for standard input.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "JSONL predictions, or - for standard output.")
    String output;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (ExtractionEngine engine = engineOptions.open(spec, new InputOptions(), err)) {
            Set<String> languages = new HashSet<>(engine.schema().languages());
            Map<String, Integer> foreign = new TreeMap<>();
            int count = 0;
            try (CheckedReader reader = CheckedReader.of(open(), false); AtomicOutput files = new AtomicOutput()) {
                Writer out = output.equals("-")
                        ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8) : files.open(Path.of(output));
                DocumentWriter writer = JsonlFormat.writer(out);
                // An LLM answers a few texts a second: smaller chunks keep the progress bar moving.
                int chunkSize = engineOptions.isLlm() ? LLM_CHUNK : CHUNK;
                List<Document> chunk = new ArrayList<>(chunkSize);
                try (LlmProgress progress = new LlmProgress("predict", -1, engine)) {
                    for (Document d = reader.next(); d != null; d = reader.next()) {
                        if (!d.lang().isEmpty() && !languages.isEmpty() && !languages.contains(d.lang())) {
                            foreign.merge(d.lang(), 1, Integer::sum);
                        }
                        chunk.add(d);
                        if (chunk.size() == chunkSize) {
                            progress.advance(flush(engine, chunk, writer));
                            count += chunkSize;
                        }
                    }
                    int last = flush(engine, chunk, writer);
                    progress.advance(last);
                    count += last;
                }
                out.flush();
                files.commit();
            }
            if (!foreign.isEmpty()) {
                err.println("warning: the model was trained on " + engine.schema().languages() + " but the input has "
                        + foreign + " (document counts); predictions may be poor");
            }
            EngineOptions.report(engine, err);
            if (!output.equals("-")) {
                spec.commandLine().getOut().println("predicted " + count + " documents: " + output);
            }
        }
        return Mre4j.OK;
    }

    private DocumentReader open() {
        if (input.equals("-")) {
            return JsonlFormat.open(System.in, "<stdin>", ReadOptions.DEFAULT);
        }
        Path path = Path.of(input);
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw io.mre4j.core.DataException.fatal(input, 0, "no such file", null);
        }
        return new JsonlFormat().open(path, ReadOptions.DEFAULT);
    }

    private static int flush(ExtractionEngine engine, List<Document> chunk, DocumentWriter writer) {
        for (Document d : engine.extract(chunk)) {
            writer.write(d);
        }
        int n = chunk.size();
        chunk.clear();
        return n;
    }
}
