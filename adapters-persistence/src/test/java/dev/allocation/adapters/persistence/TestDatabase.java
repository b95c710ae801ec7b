package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A migrated database for one test class: an H2 file in a temporary folder, or a schema of its own
 * in the PostgreSQL server named by {@value #POSTGRES_URL}, dropped again on close.
 */
final class TestDatabase implements AutoCloseable {

    /** The JDBC URL of a PostgreSQL database the tests may create schemas in. */
    static final String POSTGRES_URL = "ALLOCATION_TEST_POSTGRES_URL";
    static final String POSTGRES_SKIPPED = "PostgreSQL tests need " + POSTGRES_URL
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;
    private final Runnable cleanUp;
    private final Path folder;
    private final JdbiDatabase jdbi;

    private TestDatabase(DatabaseSettings settings, Runnable cleanUp, Path folder) {
        this.settings = settings;
        this.dataSource = DataSources.pooled(settings);
        this.cleanUp = cleanUp;
        this.folder = folder;
        SchemaMigration.migrate(dataSource);
        this.jdbi = new JdbiDatabase(dataSource, settings);
    }

    /** The pool the adapters use: a second pool would find an H2 file in use. */
    DataSource dataSource() {
        return dataSource;
    }

    static TestDatabase h2(Path folder) {
        return h2(folder, true);
    }

    static TestDatabase h2(Path folder, boolean groupCommit) {
        return new TestDatabase(h2Settings(folder, groupCommit), () -> { }, folder);
    }

    static DatabaseSettings h2Settings(Path folder) {
        return h2Settings(folder, true);
    }

    static DatabaseSettings h2Settings(Path folder, boolean groupCommit) {
        return new DatabaseSettings("jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath(), "sa", "", 10, groupCommit);
    }

    static TestDatabase postgres() {
        String url = System.getenv(POSTGRES_URL);
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "");
        execute(url, "CREATE SCHEMA " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(new DatabaseSettings(schemaUrl, "", "", 10),
                () -> execute(url, "DROP SCHEMA " + schema + " CASCADE"), null);
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }

    /** The H2 file's folder; none for PostgreSQL. */
    java.util.Optional<Path> folder() {
        return java.util.Optional.ofNullable(folder);
    }

    DatabaseSettings settings() {
        return settings;
    }

    /** The one adapter over this database, as a process has one: on H2 its product locks are shared. */
    JdbiDatabase jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
        cleanUp.run();
    }
}
