package io.mre4j.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, written in the Prometheus text exposition format (version 0.0.4) for {@code GET /metrics}:
 * requests by route, method and status, a latency histogram by route, requests in flight, documents processed, and
 * requests turned away.
 */
final class Metrics {
    /** Upper bounds of the latency histogram, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record RequestKey(String route, String method, int status) {
    }

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder documents = new LongAdder();
    private final LongAdder engineCalls = new LongAdder();
    private final IntSupplier queued;
    private final int queueCapacity;

    Metrics(IntSupplier queued, int queueCapacity) {
        this.queued = queued;
        this.queueCapacity = queueCapacity;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    /** A request ended: {@code route} is a known route or {@code other}, so that the label set stays small. */
    void finished(String route, String method, int status, double seconds) {
        inFlight.decrementAndGet();
        requests.computeIfAbsent(new RequestKey(route, method, status), k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram()).observe(seconds);
    }

    long inFlight() {
        return inFlight.get();
    }

    void documentsProcessed(int count) {
        documents.add(count);
        engineCalls.increment();
    }

    /** A request turned away on purpose: {@code saturated}, {@code timeout} or {@code shutting_down}. */
    void rejected(String reason) {
        rejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP mre4j_http_requests_total HTTP requests answered, by route, method and status.\n");
        out.append("# TYPE mre4j_http_requests_total counter\n");
        Map<String, Long> sortedRequests = new TreeMap<>();
        requests.forEach((k, v) -> sortedRequests.put("{route=\"" + k.route() + "\",method=\"" + k.method()
                + "\",status=\"" + k.status() + "\"}", v.sum()));
        sortedRequests.forEach((labels, value) -> out.append("mre4j_http_requests_total").append(labels).append(' ')
                .append(value).append('\n'));

        out.append("# HELP mre4j_http_request_duration_seconds Time from request start to response, by route.\n");
        out.append("# TYPE mre4j_http_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((route, h) -> {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += h.counts[i].sum();
                out.append("mre4j_http_request_duration_seconds_bucket{route=\"").append(route).append("\",le=\"")
                        .append(number(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            long count = h.count.sum();
            out.append("mre4j_http_request_duration_seconds_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ")
                    .append(count).append('\n');
            out.append("mre4j_http_request_duration_seconds_sum{route=\"").append(route).append("\"} ")
                    .append(number(h.sum.sum())).append('\n');
            out.append("mre4j_http_request_duration_seconds_count{route=\"").append(route).append("\"} ")
                    .append(count).append('\n');
        });

        gauge(out, "mre4j_http_requests_in_flight", "Requests being handled now.", inFlight.get());
        counter(out, "mre4j_documents_processed_total", "Documents the engine predicted.", documents.sum());
        counter(out, "mre4j_engine_calls_total", "Engine calls; documents per call is the batching achieved.",
                engineCalls.sum());
        gauge(out, "mre4j_queue_length", "Requests waiting for a worker.", queued.getAsInt());
        gauge(out, "mre4j_queue_capacity", "Most requests that may wait for a worker.", queueCapacity);
        out.append("# HELP mre4j_rejected_requests_total Requests answered 503 on purpose, by reason.\n");
        out.append("# TYPE mre4j_rejected_requests_total counter\n");
        for (String reason : new String[] {"saturated", "timeout", "shutting_down"}) {
            LongAdder count = rejected.get(reason);
            out.append("mre4j_rejected_requests_total{reason=\"").append(reason).append("\"} ")
                    .append(count == null ? 0 : count.sum()).append('\n');
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }
}
