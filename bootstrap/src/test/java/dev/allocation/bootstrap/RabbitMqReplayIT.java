package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Connection;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /admin/replay} against RabbitMQ: the recorded events go out again with their original ids, in
 * their order per SKU, marked {@code x-replay}; a cancelled replay stops.
 */
@EnabledIfEnvironmentVariable(named = TestBrokers.RABBITMQ_URL, matches = ".+", disabledReason = TestBrokers.RABBITMQ_SKIPPED)
class RabbitMqReplayIT {

    private static final String TOKEN = "admin-token-for-the-replay-tests";

    @TempDir
    Path folder;

    private final String prefix = TestBrokers.newPrefix();
    private final RabbitNames names = new RabbitNames(prefix);
    private Connection connection;
    private AllocationService service;
    private HttpClientForTests http;
    /** Every event message this test's queue got: live ones and replayed ones. */
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String messageId, String sku, boolean replayed) {
    }

    @BeforeEach
    void start() throws Exception {
        connection = TestBrokers.rabbitMq();
        TestBrokers.onEachEvent(connection.createChannel(), names, (envelope, properties, body) -> {
            Object replay = properties.getHeaders() == null ? null : properties.getHeaders().get("x-replay");
            received.add(new Received(properties.getMessageId(), new String(body).replaceAll(".*\"sku\":\"([^\"]+)\".*", "$1"),
                    Boolean.TRUE.equals(replay)));
        });
        service = AllocationService.start(new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                .withMessaging(new MessagingSettings(Optional.of(TestBrokers.rabbitMqUrl()), Optional.empty(), prefix))
                .withAdminToken(TOKEN));
        http = new HttpClientForTests(service.port());
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        TestBrokers.deleteTopology(names);
        connection.close();
    }

    /** Allocates {@code lines} lines over two SKUs, and waits until their events are out. */
    private void allocate(int lines) {
        http.addBatch("lamp-batch", "LAMP", 1_000, null);
        http.addBatch("sofa-batch", "SOFA", 1_000, null);
        for (int i = 0; i < lines; i++) {
            assertThat(http.allocate("o" + i, i % 2 == 0 ? "LAMP" : "SOFA", 1).status()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> live().size() == lines);
    }

    private List<Received> live() {
        return received.stream().filter(r -> !r.replayed()).toList();
    }

    private List<Received> replayed() {
        return received.stream().filter(Received::replayed).toList();
    }

    private static List<String> idsOf(List<Received> messages, String sku) {
        return messages.stream().filter(r -> r.sku().equals(sku)).map(Received::messageId).toList();
    }

    private HttpClientForTests.Response admin(String method, String path, String body) {
        HttpRequest.Builder request = http.request(path).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
        return http.send(body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String replay(String sku, int perSecond) {
        return "{\"destination\": \"rabbitmq\", \"from\": \"2000-01-01T00:00:00Z\", \"to\": \"" + Instant.now().plusSeconds(60)
                + "\", \"per_second\": " + perSecond + (sku == null ? "" : ", \"sku\": \"" + sku + "\"") + "}";
    }

    @Test
    void aReplaySendsTheRecordedEventsAgainWithTheirIdsInOrderPerSkuMarkedAsReplayed() {
        allocate(20);

        HttpClientForTests.Response started = admin("POST", "/admin/replay", replay(null, 1_000));
        assertThat(started.status()).isEqualTo(202);
        String id = started.json().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> admin("GET", "/admin/replay/" + id, null).json().get("state").asText(),
                state -> state.equals("done"));

        assertThat(admin("GET", "/admin/replay/" + id, null).json().get("sent").asInt()).isEqualTo(20);
        await().atMost(Duration.ofSeconds(10)).until(() -> replayed().size() == 20);
        for (String sku : List.of("LAMP", "SOFA")) {
            assertThat(idsOf(replayed(), sku)).as(sku).hasSize(10).containsExactlyElementsOf(idsOf(live(), sku));
        }

        HttpClientForTests.Response lamps = admin("POST", "/admin/replay", replay("LAMP", 1_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> replayed().size() == 30);
        assertThat(idsOf(replayed(), "LAMP").subList(10, 20)).as("one SKU's alone").containsExactlyElementsOf(idsOf(live(), "LAMP"));
        assertThat(admin("GET", "/admin/replay/" + lamps.json().get("id").asText(), null).json().get("state").asText()).isEqualTo("done");
    }

    @Test
    void aCancelledReplayStopsAndBadRequestsAreRefused() {
        allocate(60);

        String id = admin("POST", "/admin/replay", replay(null, 5)).json().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> replayed().size() >= 5);
        assertThat(admin("POST", "/admin/replay/" + id + "/cancel", null).status()).isEqualTo(202);
        JsonNode cancelled = await().atMost(Duration.ofSeconds(10)).until(() -> admin("GET", "/admin/replay/" + id, null).json(),
                status -> status.get("state").asText().equals("cancelled"));
        int sent = cancelled.get("sent").asInt();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> replayed().size() == sent);
        assertThat(sent).isLessThan(60);

        assertThat(admin("POST", "/admin/replay", "{\"destination\": \"kafka\", \"from\": \"2000-01-01T00:00:00Z\", \"to\": \"2100-01-01T00:00:00Z\"}")
                .message()).isEqualTo("Unknown destination kafka: replays go to rabbitmq");
        assertThat(admin("POST", "/admin/replay", "{\"destination\": \"rabbitmq\", \"from\": \"2100-01-01T00:00:00Z\", \"to\": \"2000-01-01T00:00:00Z\"}")
                .status()).isEqualTo(400);
        assertThat(admin("GET", "/admin/replay/no-such-replay", null).status()).isEqualTo(404);
        assertThat(http.send(http.request("/admin/replay").POST(HttpRequest.BodyPublishers.ofString(replay(null, 5)))).status())
                .as("without the token").isEqualTo(401);
        assertThat(replayed()).hasSize(sent);
    }
}
