package dev.allocation.adapters.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.ThreadPool;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The API's metrics: {@code http_server_requests_seconds{method,uri,status}} with the route's
 * template as {@code uri}, Jetty's thread pool and connections, and {@code GET /metrics} serving
 * {@code scrape} (the Prometheus text of the whole registry).
 */
public record WebMetrics(MeterRegistry registry, Supplier<String> scrape) {

    /** The content type of the Prometheus text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    void record(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        String uri = endpoint == null ? "UNKNOWN" : endpoint.path;
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("uri", uri)
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    void bindTo(Server server) {
        ThreadPool pool = server.getThreadPool();
        new JettyServerThreadPoolMetrics(pool, List.of()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    void serve(Context ctx) {
        ctx.contentType(PROMETHEUS_TEXT).result(scrape.get());
    }
}
