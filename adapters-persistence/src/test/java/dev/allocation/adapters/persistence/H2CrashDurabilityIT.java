package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2CrashDurabilityIT extends CrashDurabilityContract {

    @TempDir
    Path folder;
    private TestDatabase reopened;

    @Override
    protected DatabaseSettings settings() {
        return TestDatabase.h2Settings(folder);
    }

    @Override
    protected JdbiDatabase reopen() {
        reopened = TestDatabase.h2(folder);
        return reopened.jdbi();
    }

    @AfterEach
    void close() {
        if (reopened != null) {
            reopened.close();
        }
    }
}
