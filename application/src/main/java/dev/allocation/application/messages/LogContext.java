package dev.allocation.application.messages;

import org.slf4j.MDC;

/**
 * Puts a message's ids in the logging context (SLF4J's MDC) while it is handled, so that every line
 * logged meanwhile carries them: {@code correlation_id}, {@code message_id}, {@code causation_id}.
 * Closing puts back what was there, so a delivery handled within a request leaves the request's ids.
 */
public final class LogContext implements AutoCloseable {

    public static final String CORRELATION_ID = "correlation_id";
    public static final String MESSAGE_ID = "message_id";
    public static final String CAUSATION_ID = "causation_id";

    private final String correlationId;
    private final String messageId;
    private final String causationId;

    private LogContext(String correlationId, String messageId, String causationId) {
        this.correlationId = correlationId;
        this.messageId = messageId;
        this.causationId = causationId;
    }

    /** The message's ids, until closed. */
    public static LogContext of(Envelope<?> message) {
        LogContext before = new LogContext(MDC.get(CORRELATION_ID), MDC.get(MESSAGE_ID), MDC.get(CAUSATION_ID));
        put(message.correlationId(), message.id(), message.causationId());
        return before;
    }

    @Override
    public void close() {
        put(correlationId, messageId, causationId);
    }

    private static void put(String correlationId, String messageId, String causationId) {
        set(CORRELATION_ID, correlationId);
        set(MESSAGE_ID, messageId);
        set(CAUSATION_ID, causationId);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
