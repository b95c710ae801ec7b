package dev.allocation.application.fake;

import dev.allocation.application.messages.TraceContext;
import dev.allocation.application.port.out.Tracing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** Tracing that keeps every span it made, with its parent, as a tracing system would see them. */
public final class RecordingTracing implements Tracing {

    /** A span as recorded. */
    public static final class Recorded implements Span {
        public final String name;
        public final Kind kind;
        public final String traceId;
        public final String spanId;
        /** Null for a root span. */
        public final String parentSpanId;
        public final Map<String, String> attributes = new ConcurrentHashMap<>();
        public volatile Throwable failure;
        public volatile boolean ended;
        private final Runnable onClose;

        Recorded(String name, Kind kind, TraceContext parent, Runnable onClose) {
            this.name = name;
            this.kind = kind;
            this.traceId = parent == null ? hex(32) : parent.traceId();
            this.spanId = hex(16);
            this.parentSpanId = parent == null ? null : parent.traceparent().substring(36, 52);
            this.onClose = onClose;
        }

        @Override
        public Span attribute(String key, String value) {
            if (value != null) { // as OpenTelemetry, which drops an attribute without a value
                attributes.put(key, value);
            }
            return this;
        }

        @Override
        public void failed(Throwable error) {
            failure = error;
        }

        @Override
        public TraceContext context() {
            return new TraceContext("00-" + traceId + "-" + spanId + "-01", "");
        }

        @Override
        public void close() {
            ended = true;
            onClose.run();
        }

        @Override
        public String toString() {
            return name + " " + attributes;
        }
    }

    private final List<Recorded> spans = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Deque<Recorded>> current = ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public Span start(String name, TraceContext parent) {
        Deque<Recorded> stack = current.get();
        TraceContext actualParent = parent != null ? parent : stack.isEmpty() ? null : stack.peek().context();
        Recorded[] span = new Recorded[1];
        span[0] = new Recorded(name, Kind.INTERNAL, actualParent, () -> stack.remove(span[0]));
        stack.push(span[0]);
        spans.add(span[0]);
        return span[0];
    }

    @Override
    public Span startAside(String name, Kind kind, TraceContext parent) {
        Recorded span = new Recorded(name, kind, parent, () -> { });
        spans.add(span);
        return span;
    }

    public List<Recorded> spans() {
        return List.copyOf(spans);
    }

    /** The span with this id. */
    public Recorded span(String spanId) {
        return spans.stream().filter(span -> span.spanId.equals(spanId)).findFirst().orElseThrow();
    }

    private static String hex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return hex.toString();
    }
}
