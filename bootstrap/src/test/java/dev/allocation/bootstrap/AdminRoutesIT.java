package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.application.messagebus.Backoff;
import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.port.out.Notifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /admin/deliveries} behind ADMIN_TOKEN, on the real wiring: 401, 400, 404, 409, and a dead delivery retried. */
class AdminRoutesIT {

    private static final String TOKEN = "admin-token-for-the-tests";

    @TempDir
    Path folder;

    private AllocationService start(ServiceSettings settings, Notifications notifications) {
        Consumer<AnnotationConfigApplicationContext> standIns = StandIns.standIn(Notifications.class, notifications)
                .andThen(StandIns.standIn(DeliveryPolicy.class, new DeliveryPolicy(1, new Backoff(Duration.ZERO, Duration.ZERO))));
        return AllocationService.start(settings, standIns);
    }

    private ServiceSettings settings() {
        return new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5));
    }

    private static HttpClientForTests.Response admin(HttpClientForTests http, String method, String path, String authorization) {
        HttpRequest.Builder request = http.request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(method.equals("GET") ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static List<JsonNode> list(HttpClientForTests http, String state) {
        HttpClientForTests.Response response = admin(http, "GET", "/admin/deliveries?state=" + state, "Bearer " + TOKEN);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return List.copyOf(iterable(response.json()));
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    @Test
    void anOperatorSeesTheDeliveriesAndRetriesADeadOne() throws Exception {
        ScriptedNotifications notifications = new ScriptedNotifications();
        try (AllocationService service = start(settings().withAdminToken(TOKEN), notifications)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("b1", "LAMP", 1, null);

            assertThat(admin(http, "GET", "/admin/deliveries?state=dead", null).status()).isEqualTo(401);
            HttpClientForTests.Response wrong = admin(http, "GET", "/admin/deliveries?state=dead", "Bearer " + TOKEN + "x");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.message()).contains("Authorization: Bearer");
            assertThat(wrong.raw()).doesNotContain(TOKEN);
            assertThat(admin(http, "POST", "/admin/deliveries/whatever/retry", "Basic " + TOKEN).status()).isEqualTo(401);
            assertThat(admin(http, "GET", "/admin/deliveries?state=stuck", "Bearer " + TOKEN).status()).isEqualTo(400);
            assertThat(admin(http, "POST", "/admin/deliveries/no-such-id/retry", "Bearer " + TOKEN).status()).isEqualTo(404);

            // A delivery in hand is pending, and not for retrying.
            CompletableFuture<HttpClientForTests.Response> first = CompletableFuture.supplyAsync(() -> http.allocate("o1", "LAMP", 5));
            assertThat(notifications.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            JsonNode pending = list(http, "pending").get(0);
            assertThat(pending.path("handler").asText()).isEqualTo("notify-out-of-stock");
            assertThat(pending.path("event").path("type").asText()).isEqualTo("OutOfStock");
            HttpClientForTests.Response notDead = admin(http, "POST", "/admin/deliveries/" + pending.path("id").asText() + "/retry",
                    "Bearer " + TOKEN);
            assertThat(notDead.status()).as(notDead.raw()).isEqualTo(409);
            notifications.releaseFirst.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(409);

            // A failing one is dead after its one attempt (the policy of this test), and retried on demand.
            http.send(http.request("/allocate").header("Content-Type", "application/json").header("X-Request-Id", "req-2")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 5}")));
            List<JsonNode> dead = list(http, "dead");
            assertThat(dead).hasSize(1);
            JsonNode entry = dead.get(0);
            assertThat(entry.path("attempts").asInt()).isEqualTo(1);
            assertThat(entry.path("last_error").asText()).contains("the mail server is away");
            assertThat(entry.path("correlation_id").asText()).isEqualTo("req-2");
            assertThat(entry.path("event").path("fields").path("orderid").asText()).as("the API's spelling").isEqualTo("o2");
            assertThat(entry.path("event").path("fields").has("orderId")).isFalse();
            assertThat(entry.has("next_attempt_at")).isTrue();
            assertThat(entry.path("next_attempt_at").isNull()).as("a dead delivery waits for no attempt").isTrue();

            HttpClientForTests.Response retried = admin(http, "POST", "/admin/deliveries/" + entry.path("id").asText() + "/retry",
                    "Bearer " + TOKEN);
            assertThat(retried.status()).as(retried.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> notifications.sent.size() >= 2);
            assertThat(notifications.sent).as("sent by the relay once retried").containsExactly("LAMP", "LAMP");
            assertThat(list(http, "dead")).isEmpty();
            assertThat(list(http, "pending")).isEmpty();
        }
    }

    @Test
    void withoutATokenTheAdminRoutesDoNotExist() {
        try (AllocationService service = start(settings(), sku -> { })) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            assertThat(admin(http, "GET", "/admin/deliveries?state=dead", "Bearer " + TOKEN).status()).isEqualTo(404);
            assertThat(admin(http, "POST", "/admin/deliveries/x/retry", null).status()).isEqualTo(404);
        }
    }
}
