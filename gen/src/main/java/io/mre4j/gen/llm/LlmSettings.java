package io.mre4j.gen.llm;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach an LLM server. The API key never comes from the command line: {@link #apiKeyFromEnvironment} reads it
 * from an environment variable.
 *
 * @param endpoint    the server's base address, such as {@code http://127.0.0.1:11434} or {@code https://api.example/}
 * @param model       the model name the server knows
 * @param apiKey      sent as {@code Authorization: Bearer}, or null
 * @param timeout     the longest wait for one answer
 * @param retries     how many times a failed call (429, 5xx, timeout, refused connection) is retried
 * @param backoff     the wait before the first retry; it doubles for each further retry, unless the server says
 *                    {@code Retry-After}
 * @param seed        the sampling seed, where the server takes one, or null
 * @param temperature the sampling temperature, or null for the server's default
 * @param stream      whether to ask for a streamed answer (server-sent events or JSON lines) and join its pieces
 * @param maxConcurrency the most calls in flight at once from one client
 */
public record LlmSettings(URI endpoint, String model, String apiKey, Duration timeout, int retries, Duration backoff,
                          Long seed, Double temperature, boolean stream, int maxConcurrency) {
    public LlmSettings {
        if (endpoint == null || endpoint.getScheme() == null || !endpoint.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("endpoint must be an http(s) address, not '" + endpoint + "'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a model name is needed");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, not " + maxConcurrency);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
    }

    /**
     * Settings with deterministic sampling (temperature 0, seed 42), a 60 s timeout, 3 retries from 500 ms, no
     * streaming, 4 calls at once.
     */
    public static LlmSettings of(URI endpoint, String model) {
        return new LlmSettings(endpoint, model, null, Duration.ofSeconds(60), 3, Duration.ofMillis(500), 42L, 0.0,
                false, 4);
    }

    /** The value of environment variable {@code name}, or null when it is unset or empty. */
    public static String apiKeyFromEnvironment(String name) {
        String key = System.getenv(name);
        return key == null || key.isEmpty() ? null : key;
    }

    public LlmSettings withApiKey(String key) {
        return new LlmSettings(endpoint, model, key, timeout, retries, backoff, seed, temperature, stream,
                maxConcurrency);
    }

    public LlmSettings withTimeout(Duration t) {
        return new LlmSettings(endpoint, model, apiKey, t, retries, backoff, seed, temperature, stream,
                maxConcurrency);
    }

    public LlmSettings withRetries(int n, Duration firstWait) {
        return new LlmSettings(endpoint, model, apiKey, timeout, n, firstWait, seed, temperature, stream,
                maxConcurrency);
    }

    public LlmSettings withStream(boolean s) {
        return new LlmSettings(endpoint, model, apiKey, timeout, retries, backoff, seed, temperature, s,
                maxConcurrency);
    }

    public LlmSettings withMaxConcurrency(int n) {
        return new LlmSettings(endpoint, model, apiKey, timeout, retries, backoff, seed, temperature, stream, n);
    }

    /** {@code path} under the endpoint, whether or not the endpoint ends with a slash. */
    URI resolve(String path) {
        String base = endpoint.toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }
}
