package dev.allocation.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static dev.allocation.bootstrap.StartupFailuresIT.assertOneLine;

/** A PostgreSQL that is there but refuses the service: one line, exit code 2. */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
class PostgresStartupFailuresIT {

    @TempDir
    Path folder;

    /** The test database's URL without the user it may carry. */
    private static String testDatabase() {
        return System.getenv(TestDatabases.POSTGRES_URL).replaceFirst("\\?.*", "");
    }

    private static String databaseNamed(String name) {
        String url = testDatabase();
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() throws Exception {
        String missing = "missing_" + UUID.randomUUID().toString().replace("-", "");
        assertOneLine(ServiceMain.run(folder, Map.of("DATABASE_URL", databaseNamed(missing), "DATABASE_USER", "postgres")),
                "does not exist", missing, "create it");
    }

    @Test
    void aLoginThatIsRefusedNamesTheCredentials() throws Exception {
        String nobody = "nobody_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        assertOneLine(ServiceMain.run(folder, Map.of("DATABASE_URL", testDatabase(), "DATABASE_USER", nobody)),
                "refused the login of user '" + nobody + "'", "DATABASE_USER and DATABASE_PASSWORD");
    }
}
