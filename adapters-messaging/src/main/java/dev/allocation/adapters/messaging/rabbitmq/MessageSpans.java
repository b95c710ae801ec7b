package dev.allocation.adapters.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.Map;

/**
 * A consumer span for each command message, a child of the sender's {@code traceparent} header when
 * there is one. It is the thread's current span while the message is handled, so the command's span
 * and the chain's are its children.
 */
final class MessageSpans {

    private static final TextMapGetter<AMQP.BasicProperties> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(AMQP.BasicProperties properties) {
            return headers(properties).keySet();
        }

        @Override
        public String get(AMQP.BasicProperties properties, String key) {
            Object value = properties == null ? null : headers(properties).get(key);
            // The client hands string headers over as its LongString.
            return value == null ? null : value.toString();
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    MessageSpans(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.allocation.adapters.messaging");
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    /** The span of one message taken from {@code queue}, current until closed. */
    Handling receive(String queue, String kind, AMQP.BasicProperties properties) {
        Context parent = propagator.extract(Context.root(), properties, HEADERS);
        Span span = tracer.spanBuilder("process " + queue)
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.destination.name", queue)
                .setAttribute("messaging.rabbitmq.destination.routing_key", kind)
                .startSpan();
        if (properties.getMessageId() != null) {
            span.setAttribute("messaging.message.id", properties.getMessageId());
        }
        return new Handling(span, parent.with(span).makeCurrent());
    }

    /** A message being handled: closing ends its span. */
    record Handling(Span span, Scope scope) implements AutoCloseable {

        /** What became of the message: {@code ack}, {@code dead-letter}, {@code hand back}. */
        void outcome(String outcome) {
            span.setAttribute("allocation.outcome", outcome);
        }

        @Override
        public void close() {
            span.end();
            scope.close();
        }
    }

    private static Map<String, Object> headers(AMQP.BasicProperties properties) {
        return properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    }
}
