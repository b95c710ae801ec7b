package dev.allocation.bootstrap;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The HTTP contract on the embedded default, H2 in a file. */
class H2ApiIT extends ApiContract {

    @TempDir
    static Path folder;

    @Override
    protected String databaseUrl() {
        return TestDatabases.h2(folder);
    }
}
