package io.mre4j.cli;

import io.mre4j.core.doc.Document;
import io.mre4j.core.format.BioFormat;
import io.mre4j.core.format.CheckedReader;
import io.mre4j.core.format.DocumentWriter;
import io.mre4j.core.format.Formats;
import io.mre4j.core.format.SlgFormat;
import io.mre4j.core.format.WritableFormat;
import io.mre4j.core.io.AtomicOutput;
import io.mre4j.core.slg.SlgCodec;
import io.mre4j.core.slg.SlgDialect;
import io.mre4j.core.tag.TagScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mre4j convert}: reads one format and writes another, atomically. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert documents between formats. The output appears only when every record converted.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FMT", description = "Input format (default: detected from the path).")
    String from;

    @Option(names = "--to", paramLabel = "FMT", required = true,
            description = "Output format: jsonl, slg, atis or bio.")
    String to;

    @Option(names = "--tag-scheme", paramLabel = "SCHEME", defaultValue = "BIO",
            description = "Tags written by --to bio: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    TagScheme tagScheme;

    @Mixin
    InputOptions input;

    @Parameters(index = "0", paramLabel = "INPUT", description = "File or directory to read.")
    Path inputPath;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "File (or directory for atis) to write.")
    Path outputPath;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WritableFormat target = to.equals("bio") ? new BioFormat(tagScheme) : Formats.writable(to);
        int documents = 0;
        int regrounded = 0;
        try (CheckedReader reader = input.open(from, inputPath); AtomicOutput output = new AtomicOutput()) {
            DocumentWriter writer = target.create(outputPath, output);
            for (Document d = reader.next(); d != null; d = reader.next()) {
                writer.write(d);
                documents++;
                if (target instanceof SlgFormat) {
                    regrounded += SlgCodec.regrounded(d, SlgDialect.forLanguage(d.lang())).size();
                }
            }
            writer.finish();
            output.commit();
            InputOptions.reportSkipped(reader, err);
        }
        out.println("converted " + documents + " documents to " + to + ": " + outputPath);
        if (target instanceof SlgFormat) {
            out.println(regrounded + " span(s) share their surface with an earlier occurrence and will be re-grounded"
                    + " when read back");
        }
        return Mre4j.OK;
    }
}
