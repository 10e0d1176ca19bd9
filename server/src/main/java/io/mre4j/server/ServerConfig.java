package io.mre4j.server;

import io.mre4j.core.UsageException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the HTTP server, with its default: where it listens, how much work it accepts, and who may call
 * it. {@code mre4j serve} exposes each field as a flag; {@link #check()} refuses values that cannot work.
 */
public final class ServerConfig {
    /** The environment variable that holds the API key. */
    public static final String API_KEY_VARIABLE = "MRE4J_API_KEY";
    private static final long DAY_MILLIS = 86_400_000L;

    /** Interface to listen on. Loopback by default; any other address needs an API key. */
    public String host = "127.0.0.1";

    /** TCP port; 0 picks a free one. */
    public int port = 8080;

    /** Threads that run the engine. */
    public int workers = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** Requests that may wait for a worker; when full, the server answers 503 with Retry-After. */
    public int queueCapacity = 64;

    /** Largest request body, in bytes (413 beyond). */
    public long maxBodyBytes = 1 << 20;

    /** Most texts in one request (413 beyond). */
    public int maxBatch = 64;

    /** Longest text, in UTF-16 code units as offsets count them (413 beyond). */
    public int maxTextChars = 10_000;

    /** Most documents a worker hands the engine in one call, joining queued requests (dynamic batching). */
    public int engineBatch = 64;

    /** How long a request may wait for its result, queueing included, in milliseconds (503 beyond). */
    public long timeoutMillis = 5_000;

    /** How long shutdown waits for requests in flight, in milliseconds. */
    public long shutdownTimeoutMillis = 10_000;

    /** Seconds a client is told to wait before retrying a 503. */
    public int retryAfterSeconds = 1;

    /** Bearer token required on the API and metrics routes; null means no authentication (loopback only). */
    public String apiKey;

    /** Origins allowed to call the API from a browser (CORS); empty means CORS is off. {@code *} allows any. */
    public List<String> corsOrigins = new ArrayList<>();

    /**
     * Refuses settings that cannot work, and a non-loopback address without an API key.
     *
     * @throws UsageException naming the setting
     */
    public void check() {
        positive("workers", workers);
        positive("queue capacity", queueCapacity);
        positive("body limit", maxBodyBytes);
        positive("batch limit", maxBatch);
        positive("text length limit", maxTextChars);
        positive("engine batch", engineBatch);
        positive("timeout", timeoutMillis);
        if (shutdownTimeoutMillis < 0 || retryAfterSeconds < 0) {
            throw new UsageException("the shutdown timeout and Retry-After must not be negative");
        }
        if (timeoutMillis > DAY_MILLIS || shutdownTimeoutMillis > DAY_MILLIS) {
            throw new UsageException("timeouts longer than a day (" + DAY_MILLIS + " ms) are not supported");
        }
        if (port < 0 || port > 65_535) {
            throw new UsageException("port " + port + " is not between 0 and 65535");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new UsageException(API_KEY_VARIABLE + " is set but empty");
        }
        if (apiKey == null && !isLoopback(host)) {
            throw new UsageException("refusing to listen on " + host + " without an API key: a non-loopback address "
                    + "is reachable from other machines. Set " + API_KEY_VARIABLE + " (clients then send "
                    + "'Authorization: Bearer <key>'), or listen on 127.0.0.1");
        }
    }

    private static void positive(String what, long value) {
        if (value <= 0) {
            throw new UsageException("the " + what + " must be positive, not " + value);
        }
    }

    /** True when every address {@code host} names is a loopback address. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            throw new UsageException("unknown host '" + host + "'");
        }
    }
}
