package dev.allocation.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The fuzz test on embedded H2, in a folder of its own. */
class H2ApiFuzzIT extends ApiFuzzContract {

    private Path folder;

    @Override
    protected String databaseUrl() {
        try {
            folder = Files.createTempDirectory("allocation-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestDatabases.h2(folder);
    }

    @Override
    protected void dropDatabase() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
