package dev.allocation.adapters.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2 2.5.250 and 2.5.252 lose commits that have returned once the file reuses space
 * (docs/h2-lost-commits.md); the H2 the service runs on does not. {@link LostCommitReproducer}
 * runs on each, in a child JVM of its own.
 */
class H2LostCommitReproducerIT {

    private static final int COMMITS = 400;
    /** Copied by the build (adapters-persistence/pom.xml). */
    private static final Path DEFECTIVE_H2 = Path.of("target", "h2-defective", "h2.jar");

    @TempDir
    Path folder;

    @Test
    void theServicesH2KeepsEveryCommitThatReturned() throws Exception {
        String out = reproduce(System.getProperty("java.class.path"), folder.resolve("service"));
        assertThat(out).startsWith("missing 0 of " + COMMITS + " ");
    }

    @Test
    void h2_2_5_252LosesCommitsThatReturned() throws Exception {
        assertThat(DEFECTIVE_H2).as("the build copies H2 2.5.252 here").exists();
        String classes = Path.of("target", "test-classes").toAbsolutePath().toString();
        String out = reproduce(DEFECTIVE_H2.toAbsolutePath() + File.pathSeparator + classes, folder.resolve("defective"));
        assertThat(out).contains("2.5.252");
        int missing = Integer.parseInt(out.split(" ")[1]);
        assertThat(missing).as(out).isGreaterThan(COMMITS / 10);
    }

    private static String reproduce(String classPath, Path folder) throws Exception {
        Files.createDirectories(folder);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, LostCommitReproducer.class.getName(), folder.toString(), String.valueOf(COMMITS))
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out.lines().reduce((first, last) -> last).orElse("");
    }
}
