package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2ConcurrentAllocationTest extends ConcurrentAllocationContract {

    private TestDatabase database;

    @BeforeEach
    void open(@TempDir Path folder) {
        database = TestDatabase.h2(folder);
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
