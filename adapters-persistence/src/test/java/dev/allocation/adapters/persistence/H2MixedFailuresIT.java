package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2MixedFailuresIT extends MixedFailuresContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2();

    @Override
    protected JdbiDatabase database() {
        return database.jdbi();
    }

    @Override
    protected DatabaseSettings settings() {
        return database.settings();
    }
}
