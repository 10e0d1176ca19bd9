package io.mre4j.cli;

import io.mre4j.core.DataException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.io.DocumentJson;
import io.mre4j.gen.Constraint;
import io.mre4j.gen.llm.AnswerRepair;
import io.mre4j.gen.llm.ChatClient;
import io.mre4j.gen.llm.LlmEngine;
import io.mre4j.gen.llm.LlmSettings;
import io.mre4j.gen.llm.ServerConstraint;
import io.mre4j.gen.llm.ShotSelector;
import io.mre4j.gen.seq.GenBundle;
import io.mre4j.gen.seq.GenModel;
import io.mre4j.model.bundle.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which engine a command runs: a trained model bundle ({@code --model}: a joint model, the default {@code joint}
 * engine, or a generator, {@code --engine gen}; the bundle's manifest says which it is), or an LLM behind an
 * OpenAI-compatible or Ollama server ({@code --engine llm}). The API key comes from an environment variable, never
 * from the command line.
 */
final class EngineOptions {
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "joint",
            description = "joint or gen (a model bundle, --model) or llm (a chat server, --endpoint). Default: "
                    + "joint.")
    String engine;

    @Option(names = "--model", paramLabel = "MODEL", description = "A model bundle (engine joint or gen).")
    Path model;

    @Option(names = "--constraint", paramLabel = "C", defaultValue = "full",
            description = "How a generator (engine gen) decodes: full (the grammar), first-token or none. "
                    + "Default: full.")
    String constraint;

    @Option(names = "--beam", paramLabel = "N", defaultValue = "1",
            description = "Beam width of a generator (engine gen); 1 is greedy. Default: 1.")
    int beam;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "The LLM server, e.g. http://127.0.0.1:11434 (engine llm).")
    URI endpoint;

    @Option(names = "--llm-model", paramLabel = "NAME", description = "The model name the LLM server knows.")
    String llmModel;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "openai",
            description = "openai (POST /v1/chat/completions) or ollama (POST /api/chat). Default: openai.")
    String protocol;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "MRE4J_LLM_API_KEY",
            description = "Environment variable holding the API key, sent as a Bearer token. Default: "
                    + "MRE4J_LLM_API_KEY (unset: no key).")
    String apiKeyVariable;

    @Option(names = "--schema", paramLabel = "FILE",
            description = "The task's schema (JSON) for engine llm; default: inferred from --train.")
    Path schema;

    @Option(names = "--train", paramLabel = "PATH",
            description = "Labelled documents for engine llm: in-context examples (--shots) and the schema.")
    Path train;

    @Option(names = "--shots", paramLabel = "K", defaultValue = "0",
            description = "In-context examples per text, the most similar of --train. Default: 0.")
    int shots;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "60000",
            description = "Longest wait for one LLM answer. Default: 60000.")
    long timeoutMillis;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries after a 429, 5xx, timeout or refused connection, with doubling backoff. "
                    + "Default: 3.")
    int retries;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "LLM calls in flight at once. Default: 4.")
    int concurrency;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Sampling seed sent to the LLM server. Default: 42.")
    long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sampling temperature sent to the LLM server. Default: 0.")
    double temperature;

    @Option(names = "--stream", description = "Ask the LLM server for a streamed answer.")
    boolean stream;

    @Option(names = "--server-constraint", paramLabel = "C", defaultValue = "schema",
            description = "How the LLM server is constrained: schema (a JSON schema with the label enums; OpenAI "
                    + "response_format, Ollama format), grammar (a GBNF grammar in the request's grammar field, for "
                    + "llama.cpp's server: schema labels and entities copied from the text's tokens) or none. Answers "
                    + "are validated and repaired in every case. Default: schema.")
    String serverConstraint;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "mre4j-llm-cache",
            description = "Folder of cached LLM answers, keyed by request. Default: mre4j-llm-cache.")
    Path cache;

    @Option(names = "--no-cache", description = "Neither read nor write cached LLM answers.")
    boolean noCache;

    boolean isLlm() {
        return engine.equals("llm");
    }

    /** Opens the chosen engine; usage errors name the missing or wrong option. */
    ExtractionEngine open(CommandSpec spec, InputOptions input, PrintWriter err) {
        switch (engine) {
            case "joint":
            case "gen":
                if (model == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "engine " + engine + " needs --model MODEL");
                }
                if (!GenBundle.isGenerator(ModelBundle.readManifest(model))) {
                    if (engine.equals("gen")) {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                model + " is a joint model, not a generator: use --engine joint");
                    }
                    return ModelBundle.read(model);
                }
                return openGenerator(spec);
            case "llm":
                return openLlm(spec, input, err);
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown --engine '" + engine + "' (joint, gen or llm)");
        }
    }

    private GenModel openGenerator(CommandSpec spec) {
        Constraint decoding;
        try {
            decoding = Constraint.parse(constraint);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--constraint: " + e.getMessage());
        }
        if (beam < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--beam must be at least 1, not " + beam);
        }
        return GenBundle.read(model).decoding(decoding, beam);
    }

    private LlmEngine openLlm(CommandSpec spec, InputOptions input, PrintWriter err) {
        if (endpoint == null || llmModel == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "engine llm needs --endpoint URL and --llm-model NAME");
        }
        if (schema == null && train == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "engine llm needs the task's labels: --schema FILE or --train PATH");
        }
        if (shots > 0 && train == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shots needs --train PATH");
        }
        ChatClient.Protocol wire;
        ServerConstraint constraint;
        LlmSettings settings;
        try {
            wire = ChatClient.Protocol.parse(protocol);
            constraint = ServerConstraint.parse(serverConstraint);
            if (constraint == ServerConstraint.GRAMMAR && wire == ChatClient.Protocol.OLLAMA) {
                throw new IllegalArgumentException("--server-constraint grammar needs --protocol openai (llama.cpp's "
                        + "server); Ollama takes a JSON schema");
            }
            settings = new LlmSettings(endpoint, llmModel, LlmSettings.apiKeyFromEnvironment(apiKeyVariable),
                    Duration.ofMillis(timeoutMillis), retries, Duration.ofMillis(500), seed, temperature, stream,
                    concurrency);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Document> examples = train == null ? List.of() : DataFiles.read(input, train, err);
        Schema task = schema != null ? readSchema(schema) : Schema.infer(train.getFileName().toString(), examples);
        ShotSelector selector = shots > 0 ? new ShotSelector(examples) : null;
        return new LlmEngine(task, new ChatClient(wire, settings, noCache ? null : cache), selector, shots,
                constraint);
    }

    private static Schema readSchema(Path path) {
        try {
            return DocumentJson.MAPPER.readValue(path.toFile(), Schema.class);
        } catch (java.io.IOException e) {
            throw DataException.fatal(path.toString(), 0, "not a schema file: " + e.getMessage(), e);
        }
    }

    /** One line on what the LLM engine did: calls, cache hits, retries and repairs. */
    static void report(ExtractionEngine engine, PrintWriter err) {
        if (engine instanceof LlmEngine llm) {
            AnswerRepair.Counts c = llm.counts();
            err.printf("llm: %d calls, %d cached, %d transport retries, %d validation retries; answers %d, "
                    + "malformed %d, labels dropped %d (recased %d), entities exact %d, near misses %d, "
                    + "dropped %d%n", llm.client().calls(), llm.client().cacheHits(), llm.client().retries(),
                    llm.validationRetries(), c.answers(), c.malformed(), c.labelsDropped(), c.labelsRecased(),
                    c.entitiesExact(), c.entitiesNearMiss(), c.entitiesDropped());
            err.flush();
        }
    }
}
