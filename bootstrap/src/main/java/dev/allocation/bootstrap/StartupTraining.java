package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short run of the whole service, made by the build under {@code -XX:ArchiveClassesAtExit}: it
 * starts on a scratch H2 file, sends one request of each kind, and stops. The JVM then writes the
 * classes it loaded to a class-data archive, which the run command passes back with
 * {@code -XX:SharedArchiveFile}: loading about 3,800 classes from the jar was most of the start-up.
 */
final class StartupTraining {

    static final String PROPERTY = "allocation.training";

    private StartupTraining() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    static void run() throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("allocation-training-");
        try {
            ServiceSettings settings = new ServiceSettings("127.0.0.1", 0,
                    new DatabaseSettings("jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath(), "sa", "", 2));
            try (AllocationService service = AllocationService.start(settings, context -> { })) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + service.port();
                send(http, base, "GET", "/health", null);
                send(http, base, "POST", "/add_batch", "{\"ref\":\"training-1\",\"sku\":\"TRAINING\",\"qty\":5,\"eta\":null}");
                send(http, base, "POST", "/add_batch", "{\"ref\":\"training-2\",\"sku\":\"TRAINING\",\"qty\":5,\"eta\":\"2030-01-01\"}");
                send(http, base, "POST", "/allocate", "{\"orderid\":\"training-o1\",\"sku\":\"TRAINING\",\"qty\":4}");
                send(http, base, "POST", "/allocate", "{\"orderid\":\"training-o2\",\"sku\":\"TRAINING\",\"qty\":9}");
                send(http, base, "POST", "/change_batch_quantity", "{\"ref\":\"training-1\",\"qty\":1}");
                send(http, base, "GET", "/allocations/training-o1", null);
                send(http, base, "POST", "/allocate", "{\"orderid\":");
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void send(HttpClient http, String base, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
