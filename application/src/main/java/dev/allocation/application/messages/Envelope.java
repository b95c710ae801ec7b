package dev.allocation.application.messages;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A message with what is known about it: its own id, the correlation id of the request that started
 * its chain, the id of the message that caused it (none for a command), and when it was recorded.
 * The domain's commands and events stay plain records; this is where their identity lives.
 */
public record Envelope<M>(String id, String correlationId, String causationId, Instant recordedAt, M message) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(message, "message");
    }

    /** A message that starts a chain: a command from outside. */
    public static <M> Envelope<M> command(M message, String correlationId) {
        return new Envelope<>(newId(), correlationId, null, Instant.now(), message);
    }

    /** A message caused by this one, in the same chain. */
    public <N> Envelope<N> causes(N message, Instant recordedAt) {
        return new Envelope<>(newId(), correlationId, id, recordedAt, message);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
