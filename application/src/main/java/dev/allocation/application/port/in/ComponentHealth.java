package dev.allocation.application.port.in;

/**
 * Whether a system the service talks to but can run without (a broker) is reachable. Unlike the
 * database's {@link HealthCheck}, it being down leaves the service up.
 */
public interface ComponentHealth {

    /** The component's name in {@code /health}. */
    String component();

    boolean up();
}
