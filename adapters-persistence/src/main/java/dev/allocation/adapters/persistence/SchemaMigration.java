package dev.allocation.adapters.persistence;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Creates or updates the schema with the migrations in {@code db/migration}, on H2 and PostgreSQL alike. */
public final class SchemaMigration {

    private SchemaMigration() {
    }

    /** @return the schema version after migrating */
    public static String migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }
}
