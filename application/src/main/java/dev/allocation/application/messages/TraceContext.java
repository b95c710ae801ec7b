package dev.allocation.application.messages;

import java.util.Objects;

/**
 * The W3C trace context a message carries: the {@code traceparent} of the span that caused it, and
 * the tracing system's {@code tracestate}, if any. It is stored with the message's deliveries and
 * publications and sent with it to the brokers, so that a chain stays one trace across the relays,
 * the brokers and a restart.
 *
 * @param traceparent {@code 00-<trace id>-<parent span id>-<flags>}
 * @param tracestate  empty when there is none
 */
public record TraceContext(String traceparent, String tracestate) {

    /** The longest {@code tracestate} kept; a longer one is dropped, as W3C allows, and the trace goes on. */
    public static final int MAX_TRACESTATE = 512;

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        tracestate = tracestate == null || tracestate.length() > MAX_TRACESTATE ? "" : tracestate;
    }

    /** The 32 hex digits of the trace id. */
    public String traceId() {
        return traceparent.substring(3, 35);
    }
}
