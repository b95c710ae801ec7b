package dev.allocation.adapters.persistence.violation;

/** Breaks "OpenTelemetry only at the edges": a commit's span made with the SDK's API, not the tracing port. */
public class PersistenceUsingOpenTelemetry {
    io.opentelemetry.api.trace.Span span;
}
