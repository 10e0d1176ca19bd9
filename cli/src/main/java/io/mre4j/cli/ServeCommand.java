package io.mre4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.model.bundle.ModelBundle;
import io.mre4j.server.ExtractionServer;
import io.mre4j.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mre4j serve}: a model behind the HTTP API and web page, until interrupted (Ctrl-C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve an engine over HTTP: POST /v1/extract, GET /v1/schema, /healthz, /readyz, /metrics, "
                + "/openapi.json, and a web page at /. The engine is a model bundle (--model: a joint model or a "
                + "generator, as its manifest says) or an LLM server (--engine llm), with the options of predict.",
                "Listens on loopback unless --host says otherwise; any other address needs an API key in the "
                        + "environment variable " + ServerConfig.API_KEY_VARIABLE + ", which clients then send as "
                        + "'Authorization: Bearer <key>'. Ctrl-C or SIGTERM stops it after the requests in flight."},
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    private static final ServerConfig DEFAULTS = new ServerConfig();

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = DEFAULTS.host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port; 0 picks a free one (default: "
            + "${DEFAULT-VALUE}).")
    int port = DEFAULTS.port;

    @Option(names = "--workers", paramLabel = "N", description = "Threads that run the model (default: the number "
            + "of cores, ${DEFAULT-VALUE} here).")
    int workers = DEFAULTS.workers;

    @Option(names = "--queue", paramLabel = "N", description = "Requests that may wait for a worker; beyond, 503 with "
            + "Retry-After (default: ${DEFAULT-VALUE}).")
    int queue = DEFAULTS.queueCapacity;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", description = "Largest request body; beyond, 413 "
            + "(default: ${DEFAULT-VALUE}).")
    long maxBodyBytes = DEFAULTS.maxBodyBytes;

    @Option(names = "--max-batch", paramLabel = "N", description = "Most texts in one request; beyond, 413 (default: "
            + "${DEFAULT-VALUE}).")
    int maxBatch = DEFAULTS.maxBatch;

    @Option(names = "--max-text-chars", paramLabel = "N", description = "Longest text in UTF-16 code units; beyond, "
            + "413 naming the text, never truncated (default: ${DEFAULT-VALUE}).")
    int maxTextChars = DEFAULTS.maxTextChars;

    @Option(names = "--engine-batch", paramLabel = "N", description = "Most documents per model call when queued "
            + "requests are joined (default: ${DEFAULT-VALUE}).")
    int engineBatch = DEFAULTS.engineBatch;

    @Option(names = "--request-timeout-ms", paramLabel = "MS", description = "Longest a request may take, queueing "
            + "included; beyond, 503 (default: ${DEFAULT-VALUE}). (--timeout-ms is the LLM server's.)")
    long timeoutMillis = DEFAULTS.timeoutMillis;

    @Option(names = "--shutdown-timeout-ms", paramLabel = "MS", description = "Longest shutdown waits for requests in "
            + "flight (default: ${DEFAULT-VALUE}).")
    long shutdownTimeoutMillis = DEFAULTS.shutdownTimeoutMillis;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "An origin allowed to call the API from a "
            + "browser, such as https://app.example.com; repeatable; * allows any. Default: none (CORS off).")
    List<String> corsOrigins = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        config.check();
        PrintWriter out = spec.commandLine().getOut();
        try (ExtractionEngine engine = engineOptions.open(spec, new InputOptions(), spec.commandLine().getErr())) {
            ExtractionServer server = new ExtractionServer(engine, summary(), config).start();
            Thread stopOnSignal = new Thread(server::close, "mre4j-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            String shownHost = config.host.contains(":") ? "[" + config.host + "]" : config.host;
            out.printf("serving %s at http://%s:%d/ (workers %d, queue %d, max batch %d, max text %d chars, timeout "
                            + "%d ms%s); Ctrl-C stops%n", served(), shownHost, server.port(), config.workers,
                    config.queueCapacity, config.maxBatch, config.maxTextChars, config.timeoutMillis,
                    config.apiKey == null ? "" : ", API key required");
            out.flush();
            try {
                server.awaitClose();
            } catch (InterruptedException e) {
                server.close();
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            }
            out.println("stopped");
        }
        return Mre4j.OK;
    }

    private ServerConfig config() {
        ServerConfig config = new ServerConfig();
        config.host = host;
        config.port = port;
        config.workers = workers;
        config.queueCapacity = queue;
        config.maxBodyBytes = maxBodyBytes;
        config.maxBatch = maxBatch;
        config.maxTextChars = maxTextChars;
        config.engineBatch = engineBatch;
        config.timeoutMillis = timeoutMillis;
        config.shutdownTimeoutMillis = shutdownTimeoutMillis;
        config.corsOrigins = List.copyOf(corsOrigins);
        config.apiKey = System.getenv(ServerConfig.API_KEY_VARIABLE);
        return config;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What the server serves, for its first line: the bundle's file name, or the LLM's name. */
    private String served() {
        return engineOptions.isLlm() ? "LLM " + engineOptions.llmModel : engineOptions.model.getFileName().toString();
    }

    /** What {@code GET /v1/schema} tells about the model besides its schema. */
    private JsonNode summary() {
        if (!engineOptions.isLlm()) {
            return summary(ModelBundle.readManifest(engineOptions.model));
        }
        // No bundle: the engine and how it reaches its server, without the endpoint (an address of this machine's).
        ObjectNode summary = DocumentJson.MAPPER.createObjectNode();
        summary.put("engine", "llm");
        summary.put("llmModel", engineOptions.llmModel);
        summary.put("protocol", engineOptions.protocol);
        summary.put("serverConstraint", engineOptions.serverConstraint);
        summary.put("shots", engineOptions.shots);
        return summary;
    }

    /** What {@code GET /v1/schema} tells about a bundle: its manifest without vocabularies, paths or label maps. */
    static JsonNode summary(JsonNode manifest) {
        ObjectNode summary = DocumentJson.MAPPER.createObjectNode();
        for (String field : List.of("format", "formatVersion", "mre4jVersion", "djlVersion", "engine", "createdAt")) {
            summary.set(field, manifest.get(field));
        }
        summary.put("mode", manifest.path("config").path("mode").asText());
        summary.put("textHead", manifest.path("labels").path("textHead").asText());
        summary.set("config", manifest.get("config"));
        ObjectNode provenance = manifest.path("provenance").isObject() ? manifest.path("provenance").deepCopy()
                : DocumentJson.MAPPER.createObjectNode();
        // Paths on the machine that trained the model say nothing a client needs; the data hashes stay.
        provenance.retain(names(provenance).stream().filter(name -> !name.endsWith("Path")).toList());
        summary.set("provenance", provenance);
        summary.set("weightsSha256", manifest.path("weights").get("sha256"));
        return summary;
    }
}
