package dev.allocation.application.port.in;

import java.util.Optional;

/** Whether what the service stands on (its database) answers. */
@FunctionalInterface
public interface HealthCheck {

    /** Empty when healthy, else what is wrong. */
    Optional<String> problem();
}
