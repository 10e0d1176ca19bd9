package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.format.DocumentFormat;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.ReadOptions;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The options every reading command shares: the input format, a language override and skipping bad records. */
final class InputOptions {
    @Option(names = "--format", paramLabel = "FMT",
            description = "Input format: jsonl, slg, atis, xsid, bio, semeval14, chabsa, stockmark. "
                    + "Default: detected from the path.")
    String format;

    @Option(names = "--lang", paramLabel = "LANG",
            description = "Language of the documents where the format does not say (ISO 639-1, e.g. en, ja, zh).")
    String lang;

    @Option(names = "--skip-invalid",
            description = "Skip bad records instead of stopping at the first; every skipped record is reported.")
    boolean skipInvalid;

    /** Opens {@code path} in the chosen or detected format. */
    CheckedReader open(Path path) {
        return open(format, path);
    }

    CheckedReader open(String formatName, Path path) {
        if (!Files.exists(path)) {
            throw DataException.fatal(path.toString(), 0, "no such file or directory", null);
        }
        DocumentFormat resolved = Formats.resolve(formatName, path);
        return Formats.open(resolved, path, new ReadOptions(lang, skipInvalid));
    }

    /** Prints the records skipped by {@code --skip-invalid}, one per line. */
    static void reportSkipped(CheckedReader reader, PrintWriter err) {
        if (reader.skipped().isEmpty()) {
            return;
        }
        err.println("skipped " + reader.skipped().size() + " invalid record(s):");
        reader.skipped().forEach(e -> err.println("  " + e.getMessage()));
    }
}
