package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under a running service (PostgreSQL cut through a proxy) and comes back:
 * meanwhile every request is a quick 503 with a JSON message and Retry-After, never a 500; after, the
 * service answers again by itself.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
class PostgresOutageIT {

    private final String schema = TestDatabases.newSchemaName();

    @AfterEach
    void dropSchema() {
        TestDatabases.dropPostgresSchema(schema);
    }

    @Test
    void aDatabaseThatGoesAwayGivesQuick503sAndTheServiceRecoversWhenItIsBack() throws Exception {
        String url = TestDatabases.createPostgresSchema(schema);
        URI database = URI.create(url.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(database.getHost(), database.getPort() < 0 ? 5432 : database.getPort());
             AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(
                     url.replace(database.getHost() + ":" + database.getPort(), "127.0.0.1:" + proxy.port()), "", "", 4)))) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            assertThat(http.addBatch("b1", "LAMP", 10, null).status()).isEqualTo(201);
            assertThat(http.allocate("o1", "LAMP", 1).status()).isEqualTo(201);

            proxy.cut();
            for (String[] request : new String[][]{
                    {"POST", "/allocate", "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 1}"},
                    {"POST", "/add_batch", "{\"ref\": \"b2\", \"sku\": \"LAMP\", \"qty\": 10}"},
                    {"POST", "/change_batch_quantity", "{\"ref\": \"b1\", \"qty\": 5}"},
                    {"GET", "/allocations/o1", null},
                    {"GET", "/health", null}}) {
                long start = System.nanoTime();
                HttpRequest.Builder builder = http.request(request[1]).header("Content-Type", "application/json");
                HttpClientForTests.Response response = http.send(request[2] == null ? builder.GET()
                        : builder.POST(HttpRequest.BodyPublishers.ofString(request[2])));
                long millis = (System.nanoTime() - start) / 1_000_000;
                String context = request[0] + " " + request[1] + " -> " + response.status() + " " + response.raw();
                assertThat(response.status()).as(context).isEqualTo(503);
                assertThat(response.contentType()).as(context).startsWith("application/json");
                assertThat(response.json().path("message").asText()).as(context).startsWith("The database is not available");
                assertThat(millis).as("answered within the connection wait and a little: " + context).isLessThan(4_000);
            }
            HttpResponse<String> withHeaders = java.net.http.HttpClient.newHttpClient().send(
                    http.request("/allocations/o1").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withHeaders.headers().firstValue("Retry-After")).contains("5");

            proxy.restore();
            // o2 is refused with a 503 until the pool has a connection again, then allocated once.
            await("recovered by itself").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.allocate("o2", "LAMP", 1).status() == 201);
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(http.allocations("o1").status()).isEqualTo(200);
        }
    }
}
