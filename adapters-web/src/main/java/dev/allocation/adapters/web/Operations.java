package dev.allocation.adapters.web;

import dev.allocation.application.port.in.ComponentHealth;
import io.opentelemetry.api.OpenTelemetry;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API offers operators besides the allocation routes: the brokers in {@code /health},
 * the admin routes, {@code /metrics}, each only when configured; and a span for each request, which
 * {@link OpenTelemetry#noop()} leaves out.
 */
public record Operations(List<ComponentHealth> components, Optional<AdminAccess> admin, Optional<WebMetrics> metrics,
                         OpenTelemetry telemetry) {

    public static final Operations NONE = new Operations(List.of(), Optional.empty(), Optional.empty(), OpenTelemetry.noop());

    public Operations {
        components = List.copyOf(components);
    }
}
