package dev.allocation.bootstrap;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The fuzz test on PostgreSQL, in a schema of its own. */
@AddLifecycleHook(PostgresApiFuzzIT.RequiresPostgres.class)
class PostgresApiFuzzIT extends ApiFuzzContract {

    private final String schema = TestDatabases.newSchemaName();

    @Override
    protected String databaseUrl() {
        return TestDatabases.createPostgresSchema(schema);
    }

    @Override
    protected void dropDatabase() {
        TestDatabases.dropPostgresSchema(schema);
    }

    /** jqwik's counterpart of the JUnit tests' {@code @EnabledIfEnvironmentVariable}. */
    static final class RequiresPostgres implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            String url = System.getenv(TestDatabases.POSTGRES_URL);
            return url == null || url.isBlank() ? SkipResult.skip(TestDatabases.POSTGRES_SKIPPED) : SkipResult.doNotSkip();
        }
    }
}
