package dev.allocation.bootstrap;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Database URLs for tests: an H2 file in a folder, or a fresh schema in the PostgreSQL of {@value #POSTGRES_URL}. */
final class TestDatabases {

    static final String POSTGRES_URL = "ALLOCATION_TEST_POSTGRES_URL";
    static final String POSTGRES_SKIPPED = "PostgreSQL tests need " + POSTGRES_URL
            + " (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)";

    private TestDatabases() {
    }

    static String h2(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath();
    }

    /** A new schema; the URL selects it. */
    static String createPostgresSchema(String schema) {
        String url = System.getenv(POSTGRES_URL);
        execute(url, "CREATE SCHEMA " + schema);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void dropPostgresSchema(String schema) {
        execute(System.getenv(POSTGRES_URL), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static String newSchemaName() {
        return "e2e_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }
}
