package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+", disabledReason = TestDatabase.POSTGRES_SKIPPED)
class PostgresConcurrentAllocationTest extends ConcurrentAllocationContract {

    private TestDatabase database;

    @BeforeEach
    void open() {
        database = TestDatabase.postgres();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected JdbiDatabase database() {
        return database.jdbi();
    }
}
