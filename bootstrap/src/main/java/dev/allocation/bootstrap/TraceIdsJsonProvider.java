package dev.allocation.bootstrap;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import net.logstash.logback.composite.AbstractJsonProvider;

import java.io.IOException;

/**
 * {@code trace_id} and {@code span_id} in each JSON log line written within a span: the ids that find
 * the line's trace in Jaeger or Tempo. Read from the thread's current span as the line is written,
 * which is the thread that logged it: the console appender writes synchronously.
 */
final class TraceIdsJsonProvider extends AbstractJsonProvider<ILoggingEvent> {

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            generator.writeStringField("trace_id", span.getTraceId());
            generator.writeStringField("span_id", span.getSpanId());
        }
    }
}
