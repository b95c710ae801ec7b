package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A fresh migrated database for each test: {@code @RegisterExtension final DatabaseExtension
 * database = DatabaseExtension.h2();} (or {@code postgres()}, for a class that is only enabled
 * when {@value TestDatabase#POSTGRES_URL} is set).
 */
final class DatabaseExtension implements BeforeEachCallback, AfterEachCallback {

    private final Supplier<TestDatabase> open;
    private TestDatabase current;

    private DatabaseExtension(Supplier<TestDatabase> open) {
        this.open = open;
    }

    static DatabaseExtension h2() {
        return h2(true);
    }

    /** @param groupCommit false for units of work that each commit alone */
    static DatabaseExtension h2(boolean groupCommit) {
        return new DatabaseExtension(() -> {
            try {
                return TestDatabase.h2(Files.createTempDirectory("allocation-test-"), groupCommit);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static DatabaseExtension postgres() {
        return new DatabaseExtension(TestDatabase::postgres);
    }

    JdbiDatabase jdbi() {
        return current.jdbi();
    }

    DataSource dataSource() {
        return current.dataSource();
    }

    DatabaseSettings settings() {
        return current.settings();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = open.get();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        current.close();
        current.folder().ifPresent(DatabaseExtension::delete);
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
