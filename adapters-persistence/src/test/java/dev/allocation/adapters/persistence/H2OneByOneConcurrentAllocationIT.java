package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The same races with each unit of work committing in a transaction of its own. */
class H2OneByOneConcurrentAllocationIT extends ConcurrentAllocationContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2(false);

    @Override
    protected JdbiDatabase database() {
        return database.jdbi();
    }
}
