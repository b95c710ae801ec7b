package dev.allocation.bootstrap;

import dev.allocation.application.messages.TraceContext;
import dev.allocation.application.port.out.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The core's tracing port on OpenTelemetry. A message's {@link TraceContext} becomes a span's parent
 * through the W3C propagator, and a span's context becomes the {@link TraceContext} of what it causes,
 * so the core carries trace context as two strings and never sees OpenTelemetry. Without the SDK
 * ({@link OpenTelemetry#propagating}), no span is recorded, and a context that came in is carried on.
 */
final class OpenTelemetryTracing implements Tracing {

    private static final TextMapGetter<TraceContext> FIELDS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext context) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(TraceContext context, String key) {
            if (context == null) {
                return null;
            }
            return switch (key) {
                case "traceparent" -> context.traceparent();
                case "tracestate" -> context.tracestate().isEmpty() ? null : context.tracestate();
                default -> null;
            };
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    OpenTelemetryTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.allocation.application");
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    @Override
    public Span start(String name, TraceContext parent) {
        io.opentelemetry.api.trace.Span span = builder(name, SpanKind.INTERNAL, parent).startSpan();
        return new OpenSpan(span, span.makeCurrent());
    }

    @Override
    public Span startAside(String name, Kind kind, TraceContext parent) {
        SpanKind spanKind = kind == Kind.PRODUCER ? SpanKind.PRODUCER : SpanKind.INTERNAL;
        return new OpenSpan(builder(name, spanKind, parent).startSpan(), null);
    }

    /** A child of {@code parent}, or of the thread's current span when there is none. */
    private SpanBuilder builder(String name, SpanKind kind, TraceContext parent) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(kind);
        if (parent != null) {
            builder.setParent(propagator.extract(Context.root(), parent, FIELDS));
        }
        return builder;
    }

    private final class OpenSpan implements Span {

        private final io.opentelemetry.api.trace.Span span;
        private final Scope scope;
        private TraceContext context;

        OpenSpan(io.opentelemetry.api.trace.Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        @Override
        public Span attribute(String key, String value) {
            span.setAttribute(key, value);
            return this;
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        }

        @Override
        public TraceContext context() {
            if (context == null && span.getSpanContext().isValid()) {
                Map<String, String> fields = new HashMap<>(2);
                propagator.inject(Context.root().with(span), fields, Map::put);
                context = new TraceContext(fields.get("traceparent"), fields.get("tracestate"));
            }
            return context;
        }

        @Override
        public void close() {
            span.end();
            if (scope != null) {
                scope.close();
            }
        }
    }
}
