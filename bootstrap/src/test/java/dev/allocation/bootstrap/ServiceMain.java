package dev.allocation.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the service's {@code main} in a JVM of its own until it exits, as a user runs the jar. */
final class ServiceMain {

    /** How the process ended, and each of its outputs as lines. */
    record Exit(int code, List<String> out, List<String> err) {
    }

    private ServiceMain() {
    }

    /** @throws IllegalStateException if it is still running after a minute: it did not fail to start */
    static Exit run(Path folder, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), AllocationService.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> Usage.SETTINGS.stream().anyMatch(s -> s.names().contains(name)));
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("HTTP_PORT", "0");
        builder.environment().put("DATABASE_URL", TestDatabases.h2(folder));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("still running after 60 s; its output: " + Files.readString(out));
        }
        return new Exit(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
