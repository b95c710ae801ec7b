package dev.allocation.adapters.web;

import dev.allocation.application.port.in.ComponentHealth;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP API offers operators besides the allocation routes: the brokers in {@code /health},
 * the admin routes, and {@code /metrics}. Each is there only when configured.
 */
public record Operations(List<ComponentHealth> components, Optional<AdminAccess> admin, Optional<WebMetrics> metrics) {

    public static final Operations NONE = new Operations(List.of(), Optional.empty(), Optional.empty());

    public Operations {
        components = List.copyOf(components);
    }
}
