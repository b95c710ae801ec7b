package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+", disabledReason = TestDatabase.POSTGRES_SKIPPED)
class PostgresUnitOfWorkContractTest extends UnitOfWorkContract {

    private TestDatabase database;

    @BeforeAll
    void open() {
        database = TestDatabase.postgres();
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database.jdbi().unitsOfWork();
    }
}
