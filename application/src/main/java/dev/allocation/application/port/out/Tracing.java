package dev.allocation.application.port.out;

import dev.allocation.application.messages.TraceContext;

/**
 * Spans for the work the core does: each command and event handler, each commit, each publication.
 * The wiring supplies one (OpenTelemetry's); the core knows no tracing library. A span's parent is
 * the trace context its message carries, so a chain is one trace however many threads, relays and
 * restarts it crosses.
 */
public interface Tracing {

    /** Makes no spans and carries no context: for tests, and where tracing is not wired. */
    Tracing NONE = new Tracing() {
        @Override
        public Span start(String name, TraceContext parent) {
            return Span.NONE;
        }

        @Override
        public Span startAside(String name, Kind kind, TraceContext parent) {
            return Span.NONE;
        }
    };

    /** What a span stands for, as tracing systems draw it. */
    enum Kind { INTERNAL, PRODUCER }

    /**
     * Starts a span and makes it this thread's current span until it is closed: the spans started
     * meanwhile, here or in the adapters, are its children, and the log lines carry its ids.
     *
     * @param parent the context of the message handled; null for the thread's current span
     */
    Span start(String name, TraceContext parent);

    /**
     * Starts a span that is not made current: one of several in flight on a thread at once, such as
     * the publications of a batch.
     */
    Span startAside(String name, Kind kind, TraceContext parent);

    /** A span in progress. Closing ends it, and ends it being current where it was. */
    interface Span extends AutoCloseable {

        Span NONE = new Span() {
        };

        /** Sets an attribute: the message's type, SKU and ids. */
        default Span attribute(String key, String value) {
            return this;
        }

        /** Marks the span as failed, with the error. */
        default void failed(Throwable error) {
        }

        /**
         * The context that messages caused within this span carry: null when nothing is traced
         * (no tracing system is set up and none was passed in).
         */
        default TraceContext context() {
            return null;
        }

        @Override
        default void close() {
        }
    }
}
