package io.mre4j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mre4j.core.doc.Document;
import io.mre4j.core.engine.ExtractionEngine;
import io.mre4j.core.io.DocumentJson;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP service of DESIGN §4: any {@link ExtractionEngine} behind a JSON API, a metrics endpoint and a web page.
 * Requests are checked against the limits of a {@link ServerConfig} before they reach the engine, run on a bounded
 * {@link WorkerPool}, and answered with the uniform document schema. Every error is a JSON object with a status, a
 * message and, where one field is at fault, the field; no stack trace reaches a client.
 */
public final class ExtractionServer implements AutoCloseable {
    /** Routes as they are named in metrics; any other path is counted as {@code other}. */
    private static final Set<String> ROUTES = Set.of("/", "/app.js", "/app.css", "/openapi.json", "/healthz",
            "/readyz", "/metrics", "/v1/schema", "/v1/extract");
    private static final String START = "mre4j.start";
    private static final String WEB = "/io/mre4j/server/web/";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = DocumentJson.MAPPER;

    private final ExtractionEngine engine;
    private final JsonNode model;
    private final ServerConfig config;
    private final Metrics metrics;
    private final WorkerPool pool;
    private final Map<String, byte[]> assets;
    private final CountDownLatch closed = new CountDownLatch(1);
    private Javalin app;
    private int port;
    private volatile boolean warm;
    private volatile boolean draining;

    /**
     * @param engine the engine to serve; the server never closes it
     * @param model  what {@code GET /v1/schema} says about the model besides its schema (a manifest summary)
     * @param config the server's settings; checked by {@link #start()}
     */
    public ExtractionServer(ExtractionEngine engine, JsonNode model, ServerConfig config) {
        config.check();
        this.engine = engine;
        this.model = model;
        this.config = config;
        WorkerPool[] created = new WorkerPool[1];
        this.metrics = new Metrics(() -> created[0] == null ? 0 : created[0].queued(), config.queueCapacity);
        this.pool = new WorkerPool(engine, config.workers, config.queueCapacity, config.engineBatch,
                metrics::documentsProcessed);
        created[0] = pool;
        this.assets = Map.of(
                "/", resource(WEB + "index.html"),
                "/app.js", resource(WEB + "app.js"),
                "/app.css", resource(WEB + "app.css"),
                "/openapi.json", resource("/io/mre4j/server/openapi.json"));
    }

    /** Binds to the configured host and port and starts answering; warms the engine up in the background. */
    public ExtractionServer start() {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.maxRequestSize = config.maxBodyBytes;
            c.http.prefer405over404 = true;
            c.http.disableCompression();
            // Handler threads wait for the workers; their own queue is bounded too, so a flood is refused, not kept.
            c.jetty.threadPool = new QueuedThreadPool(Math.max(16, 2 * (config.queueCapacity + config.workers)), 8,
                    60_000, new BlockingArrayQueue<>(256, 256, 4096));
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            c.requestLogger.http((ctx, ms) -> finished(ctx));
        });
        app.before(this::admit);
        app.get("/", ctx -> asset(ctx, "/", "text/html; charset=utf-8"));
        app.get("/app.js", ctx -> asset(ctx, "/app.js", "text/javascript; charset=utf-8"));
        app.get("/app.css", ctx -> asset(ctx, "/app.css", "text/css; charset=utf-8"));
        app.get("/openapi.json", ctx -> asset(ctx, "/openapi.json", "application/json; charset=utf-8"));
        app.get("/healthz", this::health);
        app.get("/readyz", this::readiness);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.render()));
        app.get("/v1/schema", this::schema);
        app.post("/v1/extract", this::extract);
        app.exception(RequestException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 404 ? "no such route: " + ctx.method() + " " + ctx.path()
                        : e.getStatus() == 405 ? "method " + ctx.method() + " is not allowed on " + ctx.path()
                        : e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            System.err.println("mre4j serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            e.printStackTrace();
            error(ctx, 500, "internal error", null);
        });
        app.start(config.host, config.port);
        port = app.port();
        warmUp();
        return this;
    }

    /** The port the server listens on (the chosen one when the config said 0). */
    public int port() {
        return port;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Graceful shutdown: stops accepting connections, answers new API requests on open connections with 503, waits
     * for requests in flight and queued work to finish, then stops the HTTP server. The whole wait is bounded by the
     * shutdown timeout, so an engine that hangs cannot keep the server from stopping.
     */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.shutdownTimeoutMillis);
        if (app != null) {
            for (Connector connector : app.jettyServer().server().getConnectors()) {
                if (connector instanceof NetworkConnector network) {
                    network.close();
                }
            }
            while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!pool.close(deadline)) {
            System.err.println("mre4j serve: a worker was still inside the engine after the shutdown timeout of "
                    + config.shutdownTimeoutMillis + " ms; stopping without it");
        }
        if (app != null) {
            app.stop();
        }
        closed.countDown();
    }

    private void warmUp() {
        String lang = engine.schema().languages().isEmpty() ? "" : engine.schema().languages().get(0);
        try {
            pool.submit(List.of(Document.unlabelled("warm-up", lang, "warm up"))).whenComplete((r, e) -> warm = true);
        } catch (WorkerPool.SaturatedException e) {
            warm = true;
        }
    }

    /** Runs before every route: timing, CORS, authentication and the shutdown gate. */
    private void admit(Context ctx) {
        ctx.attribute(START, System.nanoTime());
        metrics.started();
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        String path = ctx.path();
        boolean api = path.startsWith("/v1/") || path.equals("/metrics");
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && api && allowedOrigin(origin);
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
        if (api && ctx.method().name().equals("OPTIONS")) {
            if (!allowed) {
                throw new RequestException(403, "Origin", "cross-origin requests are not allowed from "
                        + (origin == null ? "an unnamed origin" : origin) + " (see --cors-origin)");
            }
            ctx.header("Access-Control-Allow-Methods", "GET, POST");
            ctx.header("Access-Control-Allow-Headers", "Content-Type, Authorization");
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
            return;
        }
        if (api && config.apiKey != null && !authorised(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new RequestException(401, "Authorization", "missing or wrong API key: send 'Authorization: Bearer "
                    + "<key>'");
        }
        if (draining && path.startsWith("/v1/")) {
            metrics.rejected("shutting_down");
            ctx.header("Connection", "close");
            throw new RequestException(503, "the server is shutting down");
        }
    }

    private boolean allowedOrigin(String origin) {
        return config.corsOrigins.contains("*") || config.corsOrigins.contains(origin);
    }

    private boolean authorised(String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = ("Bearer " + config.apiKey).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private void finished(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        String route = ROUTES.contains(ctx.path()) ? ctx.path() : "other";
        metrics.finished(route, ctx.method().name(), ctx.statusCode(), (System.nanoTime() - start) / 1e9);
    }

    private void asset(Context ctx, String name, String contentType) {
        if (contentType.startsWith("text/html")) {
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Referrer-Policy", "no-referrer");
        }
        ctx.contentType(contentType).result(assets.get(name));
    }

    private void health(Context ctx) {
        boolean ok = pool.alive() || draining;
        ctx.status(ok ? 200 : 503);
        json(ctx, JSON.createObjectNode().put("status", ok ? "ok" : "workers stopped"));
    }

    private void readiness(Context ctx) {
        String status = draining ? "shutting down" : !warm ? "warming up" : "ready";
        if (!status.equals("ready")) {
            ctx.status(503).header("Retry-After", String.valueOf(config.retryAfterSeconds));
        }
        json(ctx, JSON.createObjectNode().put("status", status));
    }

    private void schema(Context ctx) {
        ObjectNode root = JSON.createObjectNode();
        root.set("schema", JSON.valueToTree(engine.schema()));
        root.set("model", model);
        ObjectNode limits = root.putObject("limits");
        limits.put("maxBodyBytes", config.maxBodyBytes);
        limits.put("maxBatch", config.maxBatch);
        limits.put("maxTextChars", config.maxTextChars);
        limits.put("timeoutMillis", config.timeoutMillis);
        root.put("authentication", config.apiKey != null);
        json(ctx, root);
    }

    private void extract(Context ctx) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            throw new RequestException(415, "Content-Type", "send the body as JSON with 'Content-Type: "
                    + "application/json'");
        }
        ExtractRequest request = ExtractRequest.parse(body(ctx), config);
        long deadline = (long) ctx.attribute(START) + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis);
        List<Document> inputs = new ArrayList<>(request.texts().size());
        for (int i = 0; i < request.texts().size(); i++) {
            inputs.add(Document.unlabelled(String.valueOf(i), request.lang(), request.texts().get(i)));
        }
        List<Document> predicted = await(inputs, deadline);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode documents = response.putArray("documents");
        predicted.forEach(d -> documents.add(DocumentJson.toNode(d)));
        if (request.evidence()) {
            List<Document> occluded = new ArrayList<>();
            predicted.forEach(d -> occluded.addAll(OcclusionEvidence.occluded(d)));
            List<Document> withouts = occluded.isEmpty() ? List.of() : await(occluded, deadline);
            ArrayNode evidence = response.putArray("evidence");
            int from = 0;
            for (Document d : predicted) {
                int to = from + d.spans().size();
                evidence.add(OcclusionEvidence.toJson(d, withouts.subList(from, to)));
                from = to;
            }
        }
        List<String> languages = engine.schema().languages();
        if (!request.lang().isEmpty() && !languages.isEmpty() && !languages.contains(request.lang())) {
            response.putArray("warnings").add("the model was trained on " + languages + ", not '" + request.lang()
                    + "'; predictions may be poor");
        }
        json(ctx, response);
    }

    /** Runs documents on the worker pool and waits for them until the deadline. */
    private List<Document> await(List<Document> documents, long deadline) {
        CompletableFuture<List<Document>> future;
        try {
            future = pool.submit(documents);
        } catch (WorkerPool.SaturatedException e) {
            metrics.rejected("saturated");
            throw unavailable("the server is saturated: every worker is busy and the queue is full; retry later");
        }
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            future.cancel(false);
            metrics.rejected("timeout");
            throw unavailable("the request did not finish within " + config.timeoutMillis + " ms; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            metrics.rejected("shutting_down");
            throw unavailable("the server is shutting down");
        } catch (ExecutionException e) {
            if (draining) {
                // Shutdown interrupts a worker that outlives its timeout; the engine call fails because of that.
                metrics.rejected("shutting_down");
                throw unavailable("the server is shutting down");
            }
            throw new IllegalStateException("the engine failed", e.getCause());
        }
    }

    private static RequestException unavailable(String message) {
        return new RequestException(503, message);
    }

    /** The request body, refused with 413 as soon as it passes the limit. */
    private byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > config.maxBodyBytes) {
            throw tooLarge(declared + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > config.maxBodyBytes) {
                    throw tooLarge("more than " + config.maxBodyBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new RequestException(400, "the body could not be read: " + e.getMessage());
        }
    }

    private RequestException tooLarge(String size) {
        return new RequestException(413, "the body has " + size + "; the limit is " + config.maxBodyBytes + " bytes");
    }

    /** Every error answer: a JSON body; a deliberate 503 tells the client when to retry. */
    private void error(Context ctx, int status, String message, String field) {
        if (status == 503) {
            ctx.header("Retry-After", String.valueOf(config.retryAfterSeconds));
        }
        ctx.status(status).contentType("application/json; charset=utf-8")
                .result(JsonErrorHandler.body(status, message, field));
    }

    private static void json(Context ctx, JsonNode body) {
        try {
            ctx.contentType("application/json; charset=utf-8").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ExtractionServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
