package dev.allocation.adapters.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Creates or updates the schema with the migrations in {@code db/migration}, on H2 and PostgreSQL alike. */
public final class SchemaMigration {

    /**
     * Flyway holds one connection and asks the pool for a second. The pool answers within its short
     * wait, which suits a request, not a start-up whose new H2 file can be slow to open a second
     * session: Flyway asks again, pausing 1 s, then 2 s, for about half a minute in all.
     */
    private static final int CONNECT_RETRIES = 16;
    private static final int CONNECT_RETRY_PAUSE_SECONDS = 2;

    private SchemaMigration() {
    }

    /** @return the schema version after migrating */
    public static String migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .connectRetries(CONNECT_RETRIES)
                .connectRetriesInterval(CONNECT_RETRY_PAUSE_SECONDS)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }
}
