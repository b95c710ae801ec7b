package dev.allocation.bootstrap.build;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run by the build, not a test: starts the packaged jar under {@code -XX:ArchiveClassesAtExit} on a
 * scratch H2 file, sends one request of each kind, and stops it with SIGTERM. The JVM then writes
 * the classes it loaded to a class-data archive, which the run command passes back with
 * {@code -XX:SharedArchiveFile}: loading about 3,800 classes from the jar was most of the start-up.
 * The service itself knows nothing of this.
 *
 * <p>Arguments: the jar, the archive to write, the file for the service's log.
 */
public final class ClassDataTraining {

    private static final String[] REQUESTS = {
        "GET /health",
        "POST /add_batch {\"ref\":\"training-1\",\"sku\":\"TRAINING\",\"qty\":5,\"eta\":null}",
        "POST /add_batch {\"ref\":\"training-2\",\"sku\":\"TRAINING\",\"qty\":5,\"eta\":\"2030-01-01\"}",
        "POST /allocate {\"orderid\":\"training-o1\",\"sku\":\"TRAINING\",\"qty\":4}",
        "POST /allocate {\"orderid\":\"training-o2\",\"sku\":\"TRAINING\",\"qty\":9}",
        "POST /change_batch_quantity {\"ref\":\"training-1\",\"qty\":1}",
        "GET /allocations/training-o1",
        "POST /allocate {\"orderid\":",
    };

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        Path log = Path.of(args[2]);
        Path folder = Files.createTempDirectory("allocation-training-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.environment().put("DATABASE_URL", "jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath());
        Process service = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(http, port, service);
            for (String request : REQUESTS) {
                send(http, port, request);
            }
        } finally {
            service.destroy(); // SIGTERM: a clean exit, at which the archive is written
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no class-data archive was written; see " + log);
        }
    }

    private static void awaitHealthy(HttpClient http, int port, Process service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue());
            }
            try {
                send(http, port, "GET /health");
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the service did not answer within 60 s");
    }

    private static void send(HttpClient http, int port, String request) throws IOException, InterruptedException {
        String[] parts = request.split(" ", 3);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + parts[1]));
        if (parts.length == 3) {
            builder.header("Content-Type", "application/json");
        }
        http.send(builder.method(parts[0], parts.length == 3 ? HttpRequest.BodyPublishers.ofString(parts[2])
                : HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
}
