package dev.allocation.application.services;

import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.application.port.out.DatabaseProbe;

import java.util.Objects;
import java.util.Optional;

/** The service is healthy when what it stands on, its database, answers. */
public final class HealthService implements HealthCheck {

    private final DatabaseProbe database;

    public HealthService(DatabaseProbe database) {
        this.database = Objects.requireNonNull(database);
    }

    @Override
    public Optional<String> problem() {
        return database.problem();
    }
}
