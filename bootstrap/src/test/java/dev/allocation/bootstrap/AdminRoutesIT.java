package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.application.messagebus.Backoff;
import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.port.out.Notifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        return start(settings, notifications, 1);
    }

    private AllocationService start(ServiceSettings settings, Notifications notifications, int attempts) {
        Consumer<AnnotationConfigApplicationContext> standIns = StandIns.standIn(Notifications.class, notifications)
                .andThen(StandIns.standIn(DeliveryPolicy.class, new DeliveryPolicy(attempts, new Backoff(Duration.ZERO, Duration.ZERO))));
        return AllocationService.start(settings, standIns);
    }

    private ServiceSettings settings() {
        return new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5));
    }

    private static HttpClientForTests.Response admin(HttpClientForTests http, String method, String path, String authorization,
                                                     String body) {
        HttpRequest.Builder request = http.request(path).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpClientForTests.Response admin(HttpClientForTests http, String method, String path, String authorization) {
        HttpRequest.Builder request = http.request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(method.equals("GET") ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static List<JsonNode> list(HttpClientForTests http, String query) {
        HttpClientForTests.Response response = admin(http, "GET", "/admin/deliveries?state=" + query, "Bearer " + TOKEN);
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

    /** Fails while the mail server is away; counts what it sent, by SKU. */
    private static final class MailServer implements Notifications {

        volatile boolean away = true;
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void outOfStock(String sku) {
            if (away) {
                throw new IllegalStateException("the mail server is away");
            }
            sent.add(sku);
        }
    }

    private static List<String> ids(List<JsonNode> deliveries) {
        return deliveries.stream().map(d -> d.path("id").asText()).toList();
    }

    @Test
    void deadDeliveriesAreFilteredPagedRetriedInBulkAndDiscardedForGood() {
        deadDeliveriesInBulk(settings());
    }

    @Test
    @EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
    void deadDeliveriesInBulkOnPostgres() {
        String schema = TestDatabases.newSchemaName();
        try {
            deadDeliveriesInBulk(new ServiceSettings("127.0.0.1", 0,
                    new DatabaseSettings(TestDatabases.createPostgresSchema(schema), "", "", 5)));
        } finally {
            TestDatabases.dropPostgresSchema(schema);
        }
    }

    private void deadDeliveriesInBulk(ServiceSettings settings) {
        MailServer mail = new MailServer();
        try (AllocationService service = start(settings.withAdminToken(TOKEN), mail, 2)) {
            HttpClientForTests http = new HttpClientForTests(service.port());
            http.addBatch("lamp-batch", "LAMP", 1, null);
            http.addBatch("sofa-batch", "SOFA", 1, null);
            for (int i = 0; i < 3; i++) {
                assertThat(http.allocate("lamp-" + i, "LAMP", 5).status()).isEqualTo(409);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> list(http, "dead").size() == 3);
            Instant between = Instant.now();
            await().until(() -> Instant.now().isAfter(between));
            for (int i = 0; i < 2; i++) {
                assertThat(http.allocate("sofa-" + i, "SOFA", 5).status()).isEqualTo(409);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> list(http, "dead").size() == 5);

            List<JsonNode> dead = list(http, "dead");
            assertThat(dead).allSatisfy(d -> assertThat(d.path("attempts").asInt()).isEqualTo(2));
            HttpClientForTests.Response attempts = admin(http, "GET", "/admin/deliveries/" + dead.get(0).path("id").asText() + "/attempts",
                    "Bearer " + TOKEN);
            assertThat(attempts.json()).hasSize(2).allSatisfy(a -> assertThat(a.path("error").asText()).contains("the mail server is away"));

            assertThat(list(http, "dead&sku=SOFA")).extracting(d -> d.path("event").path("fields").path("orderid").asText())
                    .containsExactly("sofa-0", "sofa-1");
            assertThat(list(http, "dead&error=server%20is%20away&handler=notify-out-of-stock")).hasSize(5);
            assertThat(list(http, "dead&error=timeout")).isEmpty();
            assertThat(list(http, "dead&handler=reallocate")).isEmpty();
            assertThat(list(http, "dead&recorded_before=" + between)).extracting(d -> d.path("sku").asText()).containsOnly("LAMP").hasSize(3);
            List<JsonNode> first = list(http, "dead&limit=2");
            List<JsonNode> second = list(http, "dead&limit=2&after=" + first.get(1).path("id").asText());
            List<JsonNode> third = list(http, "dead&limit=2&after=" + second.get(1).path("id").asText());
            assertThat(third).hasSize(1);
            assertThat(List.of(ids(first), ids(second), ids(third)).stream().flatMap(List::stream).toList())
                    .as("the pages, in order, are the whole list").containsExactlyElementsOf(ids(dead));
            assertThat(admin(http, "GET", "/admin/deliveries?state=dead&after=no-such-delivery", "Bearer " + TOKEN).status()).isEqualTo(400);

            // A mistake is refused and changes nothing: a misspelt or foreign filter field, a filter in the
            // query, a reason longer than its column, text PostgreSQL cannot hold.
            String one = dead.get(1).path("id").asText();
            for (String[] refused : new String[][] {
                    {"/admin/deliveries/retry", "{\"skus\": \"SOFA\"}"},
                    {"/admin/deliveries/discard", "{\"reason\": \"old\", \"dead_before\": \"2030-01-01T00:00:00Z\"}"},
                    {"/admin/deliveries/retry?sku=SOFA", ""},
                    {"/admin/deliveries/discard", "{\"reason\": \"" + "x".repeat(2_001) + "\"}"},
                    {"/admin/deliveries/discard", "{\"reason\": \"no\\u0000mail\"}"},
                    {"/admin/deliveries/retry", "{\"sku\": \"SO\\u0000FA\"}"},
                    {"/admin/deliveries/" + one + "/discard", "{\"reason\": \"gone\", \"why\": \"a typo\"}"},
                    {"/admin/deliveries/" + one + "/retry?sku=SOFA", ""},
                    {"/admin/deliveries/" + one + "/retry", "{\"why\": \"a typo\"}"}}) {
                HttpClientForTests.Response response = admin(http, "POST", refused[0], "Bearer " + TOKEN, refused[1]);
                assertThat(response.status()).as(refused[0] + " " + refused[1] + ": " + response.raw()).isEqualTo(400);
                assertThat(response.json().path("message").asText()).isNotBlank();
            }
            // A charset Javalin cannot decode the query with would drop the filter: refused before the route.
            // (On a connection of its own: a POST is not sent again on a kept-alive one the server closed.)
            HttpClientForTests ownConnection = new HttpClientForTests(service.port());
            HttpClientForTests.Response unreadable = ownConnection.send(ownConnection.request("/admin/deliveries/retry?sku=SOFA")
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json; charset=bogus")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(unreadable.status()).as(unreadable.raw()).isEqualTo(415);
            assertThat(admin(http, "GET", "/admin/deliveries?state=dead&error=a%00b", "Bearer " + TOKEN).status()).isEqualTo(400);
            assertThat(admin(http, "POST", "/admin/deliveries/a%00b/discard", "Bearer " + TOKEN, "{\"reason\": \"gone\"}").status())
                    .isEqualTo(400);
            assertThat(list(http, "dead")).as("nothing retried or discarded").hasSize(5);

            String cancelled = dead.get(0).path("id").asText();
            HttpClientForTests.Response discarded = admin(http, "POST", "/admin/deliveries/" + cancelled + "/discard", "Bearer " + TOKEN,
                    "{\"reason\": \"the customer called: no mail\"}");
            assertThat(discarded.status()).as(discarded.raw()).isEqualTo(200);
            assertThat(list(http, "discarded")).singleElement().satisfies(d -> {
                assertThat(d.path("id").asText()).isEqualTo(cancelled);
                assertThat(d.path("discard_reason").asText()).isEqualTo("the customer called: no mail");
            });
            assertThat(admin(http, "POST", "/admin/deliveries/" + cancelled + "/retry", "Bearer " + TOKEN).status()).isEqualTo(409);

            mail.away = false;
            HttpClientForTests.Response retried = admin(http, "POST", "/admin/deliveries/retry", "Bearer " + TOKEN, "{\"error\": \"away\"}");
            assertThat(retried.status()).as(retried.raw()).isEqualTo(202);
            assertThat(retried.json().path("retried").asInt()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(() -> mail.sent.size() == 4);
            assertThat(mail.sent).containsExactlyInAnyOrder("LAMP", "LAMP", "SOFA", "SOFA");
            assertThat(list(http, "dead")).isEmpty();
            assertThat(admin(http, "POST", "/admin/deliveries/retry", "Bearer " + TOKEN, "{}").json().path("retried").asInt())
                    .as("the discarded one is never retried").isZero();
            assertThat(list(http, "discarded")).hasSize(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/metrics").raw()
                    .contains("allocation_deliveries{state=\"discarded\"} 1.0"));
            assertThat(mail.sent).hasSize(4);
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
