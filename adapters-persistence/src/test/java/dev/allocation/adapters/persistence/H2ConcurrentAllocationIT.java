package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2ConcurrentAllocationIT extends ConcurrentAllocationContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2();

    @Override
    protected JdbiDatabase database() {
        return database.jdbi();
    }
}
