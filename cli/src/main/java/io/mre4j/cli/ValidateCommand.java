package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.DocumentValidator;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.io.DocumentJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mre4j validate}: every problem of every record, and exit 0 only when there is none. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check every record: structure, offsets, empty and overlapping spans, and labels against "
                + "a schema when one is given. Exit 0 only if every record is valid.")
final class ValidateCommand implements Callable<Integer> {
    private static final int SHOWN = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Option(names = "--schema", paramLabel = "FILE", description = "A schema JSON file the labels must belong to.")
    Path schemaPath;

    @Option(names = "--allow-overlap", description = "Allow overlapping spans (when no schema says).")
    boolean allowOverlap;

    @Parameters(paramLabel = "INPUT", description = "File or directory to read.")
    Path inputPath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DocumentValidator validator = new DocumentValidator(readSchema(), allowOverlap);
        input.skipInvalid = true;
        int documents = 0;
        int problems = 0;
        try (CheckedReader reader = input.open(inputPath)) {
            for (Document d = reader.next(); d != null; d = reader.next()) {
                documents++;
                for (String problem : validator.problems(d)) {
                    if (++problems <= SHOWN) {
                        err.println(reader.source() + ":" + reader.line() + ": " + problem);
                    }
                }
            }
            for (DataException e : reader.skipped()) {
                if (++problems <= SHOWN) {
                    err.println(e.getMessage());
                }
            }
        }
        if (problems > SHOWN) {
            err.println("... and " + (problems - SHOWN) + " more");
        }
        if (problems > 0) {
            err.println("invalid: " + problems + " problem(s) in " + inputPath);
            return Mre4j.DATA;
        }
        out.println("valid: " + documents + " documents in " + inputPath);
        return Mre4j.OK;
    }

    private Schema readSchema() {
        if (schemaPath == null) {
            return null;
        }
        try {
            return DocumentJson.MAPPER.readValue(schemaPath.toFile(), Schema.class);
        } catch (IOException e) {
            throw new DataException(schemaPath.toString(), 0, "not a schema file: " + e.getMessage());
        }
    }
}
