package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.gen.seq.GenBundle;
import io.mre4j.model.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mre4j info}: what a model is and how it was made, from its manifest. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model's manifest: schema, config, versions and provenance (data hashes, seed, dev "
                + "metrics).")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model bundle.")
    Path model;

    @Option(names = "--json", description = "Print the whole manifest as JSON (without the vocabularies).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode manifest = ModelBundle.readManifest(model);
        PrintWriter out = spec.commandLine().getOut();
        com.fasterxml.jackson.databind.node.ObjectNode shown = manifest.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode vocabulary =
                (com.fasterxml.jackson.databind.node.ObjectNode) shown.get("vocabulary");
        vocabulary.put("words", manifest.path("vocabulary").path("words").size());
        vocabulary.put("chars", manifest.path("vocabulary").path("chars").size());
        if (json) {
            out.println(DocumentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
            return Mre4j.OK;
        }
        JsonNode schema = manifest.get("schema");
        JsonNode provenance = manifest.get("provenance");
        out.printf("model        %s%n", model);
        out.printf("task         %s (%s)%n", schema.path("name").asText(), schema.path("languages"));
        boolean generator = GenBundle.isGenerator(manifest);
        if (generator) {
            out.printf("engine       gen (sequence-to-sequence generator), dialect %s%n",
                    manifest.path("dialect").asText());
        } else {
            out.printf("mode         %s, text head %s%n", manifest.path("config").path("mode").asText(),
                    manifest.path("labels").path("textHead").asText().toLowerCase(java.util.Locale.ROOT));
        }
        out.printf("text labels  %d%s: %s%n", schema.path("textLabels").size(),
                schema.path("multiLabel").asBoolean() ? " (multi-label)" : "", schema.path("textLabels"));
        out.printf("span labels  %d: %s%n", schema.path("spanLabels").size(), schema.path("spanLabels"));
        out.printf("vocabulary   %d words, %d characters%n", vocabulary.path("words").asInt(),
                vocabulary.path("chars").asInt());
        JsonNode encoder = manifest.path("encoder");
        if (!encoder.isMissingNode()) {
            out.printf("encoder      %s, weights %s, from %s%n", encoder.path("id").asText(),
                    encoder.path("weights").asText(), encoder.path("artifact").asText());
        }
        JsonNode vectors = manifest.path("wordVectors");
        out.printf("word vectors %s%n", vectors.isMissingNode() ? "none"
                : vectors.path("id").asText() + ", referenced in " + vectors.path("artifact").asText());
        out.printf("versions     mre4j %s, DJL %s, %s, bundle format %d%n", manifest.path("mre4jVersion").asText(),
                manifest.path("djlVersion").asText(), manifest.path(generator ? "djlEngine" : "engine").asText(),
                manifest.path("formatVersion").asInt());
        out.printf("created      %s%n", manifest.path("createdAt").asText());
        out.printf("weights      %d bytes, sha256 %s%n", manifest.path("weights").path("bytes").asLong(),
                manifest.path("weights").path("sha256").asText());
        out.println("provenance");
        provenance.fields().forEachRemaining(e -> out.printf("  %-24s %s%n", e.getKey(), e.getValue()));
        out.println("config");
        manifest.path("config").fields().forEachRemaining(e -> out.printf("  %-24s %s%n", e.getKey(), e.getValue()));
        return Mre4j.OK;
    }
}
