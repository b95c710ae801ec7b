package dev.allocation.bootstrap;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The service in a JVM of its own, started as {@code main} is, so that a test can {@code kill -9} it. */
final class ServiceChild implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceChild(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServiceChild start(Map<String, String> environment, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-cp", System.getProperty("java.class.path"), AllocationService.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        ServiceChild child = new ServiceChild(builder.start(), port);
        child.awaitHealthy(Duration.ofSeconds(60));
        return child;
    }

    int port() {
        return port;
    }

    private void awaitHealthy(Duration timeout) {
        HttpClientForTests http = new HttpClientForTests(port);
        await("the service healthy").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast("the service exited", () -> !process.isAlive())
                .ignoreExceptions() // not listening yet
                .until(() -> http.get("/health").status() == 200);
    }

    /** SIGTERM, without waiting: the service drains the requests in flight, then exits. */
    void terminate() {
        process.destroy();
    }

    void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the service did not exit within " + timeout);
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no clean close of the database. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
