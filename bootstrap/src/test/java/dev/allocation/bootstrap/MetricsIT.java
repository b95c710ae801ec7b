package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics}: the Prometheus text, with the names the contract lists, counting what was done. */
class MetricsIT {

    @TempDir
    Path folder;

    @Test
    void theMetricsCountTheRequestsMessagesAndDeliveries() throws Exception {
        try (AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5)))) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("b1", "LAMP", 3, null);
            http.allocate("o1", "LAMP", 2);
            http.allocate("o2", "LAMP", 2); // out of stock: a notification delivered
            http.allocate("o3", "SOFA", 1); // refused: no such sku
            http.allocations("o1");
            http.allocations("o1");
            http.get("/no/such/route");

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(http.request("/metrics").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            String text = metrics.body();
            assertThat(text)
                    .contains("http_server_requests_seconds_count{method=\"POST\",status=\"201\",uri=\"/allocate\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"POST\",status=\"409\",uri=\"/allocate\"} 1")
                    .contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/allocations/{orderid}\"} 2")
                    .contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\",uri=\"UNKNOWN\"} 1")
                    .contains("allocation_messages_seconds_count{message=\"Allocate\",outcome=\"ok\"} 2")
                    .contains("allocation_messages_seconds_count{message=\"Allocate\",outcome=\"refused\"} 1")
                    .contains("allocation_messages_seconds_count{message=\"OutOfStock\",outcome=\"ok\"} 1")
                    .contains("allocation_conflict_retries_total{message=\"Allocate\"} 0")
                    .contains("allocation_deliveries{state=\"pending\"} 0")
                    .contains("allocation_deliveries{state=\"dead\"} 0")
                    .contains("allocation_delivery_oldest_pending_seconds 0")
                    .contains("jvm_memory_used_bytes")
                    .contains("hikaricp_connections")
                    .contains("jetty_threads_current");
        }
    }
}
