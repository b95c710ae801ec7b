package dev.allocation.application.messages;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message with what is known about it: its own id, the correlation id of the request that started
 * its chain, the id of the message that caused it (none for a command), the trace context of the span
 * that caused it (none when nothing is traced), and when it was recorded. The domain's commands and
 * events stay plain records; this is where their identity lives.
 */
public record Envelope<M>(String id, String correlationId, String causationId, TraceContext trace, Instant recordedAt,
                          M message) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(message, "message");
    }

    /** A message that starts a chain: a command from outside. */
    public static <M> Envelope<M> command(M message, String correlationId) {
        return new Envelope<>(newId(), correlationId, null, null, Instant.now(), message);
    }

    /** A message caused by this one, in the same chain and trace. */
    public <N> Envelope<N> causes(N message, Instant recordedAt) {
        return new Envelope<>(newId(), correlationId, id, trace, recordedAt, message);
    }

    /**
     * This message as handled within a span: what it causes carries the span's context. A span
     * without one (nothing is traced) leaves the message's own.
     */
    public Envelope<M> tracedBy(TraceContext context) {
        return context == null || context.equals(trace) ? this
                : new Envelope<>(id, correlationId, causationId, context, recordedAt, message);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
