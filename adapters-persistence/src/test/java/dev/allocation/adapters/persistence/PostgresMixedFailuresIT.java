package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+", disabledReason = TestDatabase.POSTGRES_SKIPPED)
class PostgresMixedFailuresIT extends MixedFailuresContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.postgres();

    @Override
    protected JdbiDatabase database() {
        return database.jdbi();
    }

    @Override
    protected DatabaseSettings settings() {
        return database.settings();
    }
}
