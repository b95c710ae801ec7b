package dev.allocation.bootstrap;

import dev.allocation.application.port.out.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Traces. With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, OpenTelemetry's SDK is configured from the
 * {@code OTEL_*} variables (autoconfigure) and exports spans over OTLP; otherwise no span is recorded
 * and nothing is exported, but the W3C trace context of requests and messages is still carried
 * through to the events and messages they cause.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    /** Defaults under the {@code OTEL_*} variables: the service's name, and traces only (metrics are Prometheus's). */
    static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "allocation-service",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    /** Closed with the service, which exports the spans still buffered. */
    @Bean
    public OpenTelemetry openTelemetry(ServiceSettings settings) {
        if (settings.tracesEndpoint().isEmpty()) {
            return OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        }
        return AutoConfiguredOpenTelemetrySdk.builder()
                // Spring closes it after the service has stopped, so the spans of the grace period go out too.
                .disableShutdownHook()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesSupplier(() -> properties(settings.openTelemetry()))
                .build()
                .getOpenTelemetrySdk();
    }

    @Bean
    public Tracing tracing(OpenTelemetry telemetry) {
        return new OpenTelemetryTracing(telemetry);
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} as the property {@code otel.exporter.otlp.endpoint}. */
    private static Map<String, String> properties(Map<String, String> variables) {
        return variables.entrySet().stream().collect(Collectors.toMap(
                variable -> variable.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), Map.Entry::getValue));
    }
}
