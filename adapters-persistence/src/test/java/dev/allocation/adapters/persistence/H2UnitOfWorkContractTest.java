package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2UnitOfWorkContractTest extends UnitOfWorkContract {

    private TestDatabase database;

    @BeforeAll
    void open(@TempDir Path folder) {
        database = TestDatabase.h2(folder);
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
