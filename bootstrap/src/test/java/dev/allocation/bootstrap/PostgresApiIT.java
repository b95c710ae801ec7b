package dev.allocation.bootstrap;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The HTTP contract on PostgreSQL, in a schema of this test's own. */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
class PostgresApiIT extends ApiContract {

    private final String schema = TestDatabases.newSchemaName();
    private String url;

    @Override
    protected String databaseUrl() {
        if (url == null) {
            url = TestDatabases.createPostgresSchema(schema);
        }
        return url;
    }

    @Override
    protected void dropDatabase() {
        TestDatabases.dropPostgresSchema(schema);
    }
}
