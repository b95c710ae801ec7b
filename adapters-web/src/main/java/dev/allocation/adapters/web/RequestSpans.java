package dev.allocation.adapters.web;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * A server span for each request, a child of the client's {@code traceparent} when it sends one. It is
 * the thread's current span while the request is handled, so the spans of the commands and the chain
 * it starts are its children and the log lines carry its ids. Named after the route's template once
 * the route is known, so that traces group by route.
 */
final class RequestSpans {

    private static final String SPAN = "allocation.span";

    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    /**
     * The request span made current on this thread, until its request's end closes it. Should an end
     * never come (Javalin skips its request logger when writing the response fails), the next request
     * on the thread closes it first, so that no span stays current beyond its request's thread turn.
     */
    private final ThreadLocal<Open> open = new ThreadLocal<>();

    private record Open(Span span, Scope scope) {

        void close() {
            span.end();
            scope.close();
        }
    }

    RequestSpans(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.allocation.adapters.web");
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    /** Before every route: starts the request's span and makes it current. */
    void start(Context ctx) {
        if (ctx.attribute(SPAN) != null) {
            return;
        }
        Open left = open.get();
        if (left != null) {
            left.close();
        }
        io.opentelemetry.context.Context parent = propagator.extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        Span span = tracer.spanBuilder(ctx.method().name())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", ctx.method().name())
                .setAttribute("url.path", ctx.path())
                .startSpan();
        ctx.attribute(SPAN, span);
        open.set(new Open(span, parent.with(span).makeCurrent()));
    }

    /** Once the response is known: names the span after its route, records the status and ends it. */
    void end(Context ctx) {
        Span span = ctx.attribute(SPAN);
        Open current = open.get();
        if (span == null || current == null || current.span() != span) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint != null) {
            span.updateName(ctx.method().name() + " " + endpoint.path);
            span.setAttribute("http.route", endpoint.path);
        }
        int status = ctx.statusCode();
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        open.remove();
        current.close();
    }
}
