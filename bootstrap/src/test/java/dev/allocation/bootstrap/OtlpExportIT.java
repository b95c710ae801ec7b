package dev.allocation.bootstrap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as operators run it, with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set: it exports its spans
 * over OTLP (here over HTTP, to a collector the test plays), configured by the standard variables alone.
 */
class OtlpExportIT {

    private static final String TRACE_ID = "5af7183fb1d4cf5f8a9e2d7c4b3a6f10";

    @TempDir
    Path folder;

    @Test
    void spansGoToTheOtlpEndpointInTheCallersTrace() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exports.add(body.readAllBytes());
            }
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        Path log = folder.resolve("service.log");
        try (ServiceChild child = ServiceChild.start(Map.of(
                "DATABASE_URL", TestDatabases.h2(folder),
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100"), log)) {
            HttpClientForTests http = new HttpClientForTests(child.port());
            HttpClientForTests.Response created = http.send(http.request("/add_batch").header("Content-Type", "application/json")
                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10, \"eta\": null}")));
            assertThat(created.status()).isEqualTo(201);

            byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            await("the request's spans exported").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> exports.stream().anyMatch(export -> contains(export, traceId))
                            && exports.stream().anyMatch(export -> contains(export, "POST /add_batch".getBytes()))
                            && exports.stream().anyMatch(export -> contains(export, "handle CreateBatch".getBytes())));
            assertThat(contentTypes).contains("application/x-protobuf");
            assertThat(exports).as("the service's name, from the defaults")
                    .anyMatch(export -> contains(export, "allocation-service".getBytes()));
            child.terminate();
            child.awaitExit(Duration.ofSeconds(30));
        } finally {
            collector.stop(0);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
