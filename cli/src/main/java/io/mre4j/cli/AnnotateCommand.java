package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.format.DocumentWriter;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.JsonlFormat;
import io.mre4j.core.format.ReadOptions;
import io.mre4j.core.io.AtomicOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mre4j annotate}: labels raw texts with an LLM into JSONL training data, the MMM paper's LLM-assisted data set
 * construction. The joint model then trains on the output ({@code mre4j train --train OUTPUT}).
 */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Label raw texts with an LLM server into JSONL (labels and grounded spans), to train a joint "
                + "model on. INPUT is JSONL (id, text) or plain text with one text per line.",
                "Needs --endpoint URL --llm-model NAME and the task's labels (--schema FILE or --train PATH)."})
final class AnnotateCommand implements Callable<Integer> {
    private static final int CHUNK = 16;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Language of plain-text input lines and of JSONL documents without one. Default: en.")
    String lang;

    @Parameters(index = "0", paramLabel = "INPUT", description = "JSONL documents or a plain text file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "JSONL annotated documents.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        engineOptions.engine = "llm";
        List<Document> texts = read();
        try (ExtractionEngine engine = engineOptions.open(spec, new InputOptions(), err);
             AtomicOutput files = new AtomicOutput()) {
            Writer out = files.open(output);
            DocumentWriter writer = JsonlFormat.writer(out);
            try (LlmProgress progress = new LlmProgress("annotate", texts.size(), engine)) {
                for (int i = 0; i < texts.size(); i += CHUNK) {
                    List<Document> chunk = texts.subList(i, Math.min(texts.size(), i + CHUNK));
                    for (Document d : engine.extract(chunk)) {
                        writer.write(d);
                    }
                    progress.advance(chunk.size());
                }
            }
            out.flush();
            files.commit();
            EngineOptions.report(engine, err);
        }
        spec.commandLine().getOut().println("annotated " + texts.size() + " texts: " + output);
        return Mre4j.OK;
    }

    private List<Document> read() {
        if (!Files.isRegularFile(input)) {
            throw DataException.fatal(input.toString(), 0, "no such file", null);
        }
        if (input.getFileName().toString().endsWith(".jsonl")) {
            return Formats.readAll(new JsonlFormat(), input, new ReadOptions(lang, false));
        }
        List<Document> texts = new ArrayList<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
                number++;
                if (!line.isBlank()) {
                    texts.add(Document.unlabelled("line-" + number, lang, line.strip()));
                }
            }
        } catch (IOException e) {
            throw DataException.fatal(input.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
        return texts;
    }
}
