package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.port.out.Notifications;
import dev.allocation.bootstrap.HttpClientForTests.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The HTTP contract, end to end: the real wiring on a free port, over a real database. Each
 * subclass names the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {

    private final FakeNotifications notifications = new FakeNotifications();
    private AllocationService service;
    private HttpClientForTests http;

    /** A JDBC URL of an empty database for this class. */
    protected abstract String databaseUrl();

    protected void dropDatabase() {
    }

    @BeforeAll
    void startService() {
        service = start();
        http = new HttpClientForTests(service.port());
    }

    private AllocationService start() {
        ServiceSettings settings = new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(databaseUrl(),
                databaseUrl().startsWith("jdbc:h2:") ? "sa" : "", "", 10));
        return AllocationService.start(settings,
                StandIns.standIn(Notifications.class, notifications));
    }

    @AfterAll
    void stopService() {
        service.close();
        dropDatabase();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void happyPathReturnsTheEarliestBatch() {
        String sku = unique("SKU");
        String other = unique("OTHER");
        String early = unique("early");
        String later = unique("later");
        assertThat(http.addBatch(later, sku, 100, "2030-01-02").status()).isEqualTo(201);
        Response added = http.addBatch(early, sku, 100, "2030-01-01");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("ref").asText()).isEqualTo(early);
        http.addBatch(unique("other"), other, 100, null);

        Response allocated = http.allocate(unique("order"), sku, 3);

        assertThat(allocated.status()).isEqualTo(201);
        assertThat(allocated.contentType()).startsWith("application/json");
        assertThat(allocated.json().get("batchref").asText()).isEqualTo(early);
    }

    @Test
    void allocationsOfAnOrderAreSortedBySku() {
        String order = unique("order");
        String b = unique("B-SKU");
        String a = "A" + b;
        String batchB = unique("batch");
        String batchA = unique("batch");
        http.addBatch(batchB, b, 10, null);
        http.addBatch(batchA, a, 10, null);
        http.allocate(order, b, 1);
        http.allocate(order, a, 1);

        Response response = http.allocations(order);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json()).hasSize(2);
        assertThat(response.json().get(0).get("sku").asText()).isEqualTo(a);
        assertThat(response.json().get(0).get("batchref").asText()).isEqualTo(batchA);
        assertThat(response.json().get(1).get("sku").asText()).isEqualTo(b);
    }

    @Test
    void anUnknownSkuIsA400AndTheOrderHasNothing() {
        String order = unique("order");
        String sku = unique("NOPE");

        Response response = http.allocate(order, sku, 1);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).isEqualTo("Invalid sku " + sku);
        Response allocations = http.allocations(order);
        assertThat(allocations.status()).isEqualTo(404);
        assertThat(allocations.message()).isEqualTo("No allocations for order " + order);
    }

    @Test
    void outOfStockIsA409AndNotifies() {
        String sku = unique("SCARCE");
        http.addBatch(unique("batch"), sku, 5, null);
        String order = unique("order");

        Response response = http.allocate(order, sku, 6);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.message()).isEqualTo("Out of stock for " + sku);
        assertThat(notifications.outOfStock()).contains(sku);
        assertThat(http.allocations(order).status()).isEqualTo(404);
    }

    @Test
    void shrinkingABatchMovesItsLatestLinesElsewhere() {
        String sku = unique("TABLE");
        String warehouse = unique("warehouse");
        String shipment = unique("shipment");
        http.addBatch(warehouse, sku, 30, null);
        http.addBatch(shipment, sku, 100, "2030-01-01");
        String oldest = unique("oldest");
        String middle = unique("middle");
        String newest = unique("newest");
        for (String order : new String[]{oldest, middle, newest}) {
            assertThat(http.allocate(order, sku, 10).json().get("batchref").asText()).isEqualTo(warehouse);
        }

        Response changed = http.changeBatchQuantity(warehouse, 15);

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("ref").asText()).isEqualTo(warehouse);
        assertThat(changed.json().get("qty").asInt()).isEqualTo(15);
        assertThat(http.allocations(oldest).json().get(0).get("batchref").asText()).isEqualTo(warehouse);
        assertThat(http.allocations(middle).json().get(0).get("batchref").asText()).isEqualTo(shipment);
        assertThat(http.allocations(newest).json().get(0).get("batchref").asText()).isEqualTo(shipment);
    }

    @Test
    void anOrdersHistoryShowsALineMovedByAShrinkLinkedToTheRequestThatShrankTheBatch() {
        String sku = unique("HISTORY");
        String warehouse = unique("warehouse");
        String shipment = unique("shipment");
        http.addBatch(warehouse, sku, 10, null);
        http.addBatch(shipment, sku, 10, "2030-01-01");
        String order = unique("moved");
        http.allocate(order, sku, 6);
        String shrink = unique("shrink");
        assertThat(http.send(http.request("/change_batch_quantity").header("Content-Type", "application/json")
                .header("X-Request-Id", shrink)
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"" + warehouse + "\", \"qty\": 4}"))).status())
                .isEqualTo(200);

        JsonNode events = await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/orders/" + order + "/history").json()
                .get("events"), found -> found.size() == 3);
        assertThat(events).extracting(event -> event.get("type").asText() + " " + event.get("fields").get("batchref").asText())
                .containsExactly("Allocated " + warehouse, "Deallocated " + warehouse, "Allocated " + shipment);
        assertThat(events.get(2).get("causation_id").asText()).isEqualTo(events.get(1).get("id").asText());
        assertThat(events.get(1).get("correlation_id").asText()).isEqualTo(shrink);
        assertThat(events.get(2).get("correlation_id").asText()).isEqualTo(shrink);
        assertThat(events.get(0).get("correlation_id").asText()).isNotEqualTo(shrink);

        JsonNode product = http.get("/products/" + sku + "/history?limit=1").json();
        assertThat(product.get("events").get(0).get("id").asText()).isEqualTo(events.get(0).get("id").asText());
        JsonNode rest = http.get("/products/" + sku + "/history?after=" + product.get("next_after").asText()).json();
        assertThat(rest.get("events")).extracting(event -> event.get("id").asText())
                .contains(events.get(1).get("id").asText(), events.get(2).get("id").asText());
        assertThat(rest.get("next_after").isNull()).isTrue();
        assertThat(http.get("/orders/" + unique("nobody") + "/history").status()).isEqualTo(404);
    }

    @Test
    void aLineThatFitsNowhereAfterAShrinkIsUnallocatedAndNotified() {
        String sku = unique("LONELY");
        String only = unique("only");
        http.addBatch(only, sku, 10, null);
        String order = unique("order");
        http.allocate(order, sku, 8);

        assertThat(http.changeBatchQuantity(only, 5).status()).isEqualTo(200);

        assertThat(http.allocations(order).status()).isEqualTo(404);
        assertThat(notifications.outOfStock()).contains(sku);
    }

    @Test
    void anUnknownBatchIsA404() {
        String ref = unique("ghost");
        Response response = http.changeBatchQuantity(ref, 5);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.message()).isEqualTo("Unknown batch " + ref);
    }

    @Test
    void retriesAreIdempotent() {
        String sku = unique("RETRY");
        String batch = unique("batch");
        assertThat(http.addBatch(batch, sku, 10, "2030-05-05").status()).isEqualTo(201);
        assertThat(http.addBatch(batch, sku, 10, "2030-05-05").status()).isEqualTo(201);
        String order = unique("order");

        assertThat(http.allocate(order, sku, 6).status()).isEqualTo(201);
        Response again = http.allocate(order, sku, 6);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("batchref").asText()).isEqualTo(batch);
        assertThat(http.allocate(unique("order"), sku, 5).status()).as("only 6 of 10 are taken").isEqualTo(409);
        assertThat(http.allocate(unique("order"), sku, 4).status()).isEqualTo(201);
    }

    @Test
    void conflictingRequestsAre409s() {
        String sku = unique("CONFLICT");
        String batch = unique("batch");
        http.addBatch(batch, sku, 10, null);
        String order = unique("order");
        http.allocate(order, sku, 2);

        Response otherQty = http.allocate(order, sku, 3);
        assertThat(otherQty.status()).isEqualTo(409);
        assertThat(otherQty.message()).contains("already has 2");

        Response otherBatch = http.addBatch(batch, sku, 11, null);
        assertThat(otherBatch.status()).isEqualTo(409);
        assertThat(otherBatch.message()).as("says what differs").isEqualTo("Batch " + batch + " already exists with quantity 10, not 11");
        Response otherSku = http.addBatch(batch, unique("SKU"), 10, null);
        assertThat(otherSku.status()).isEqualTo(409);

        assertThat(http.allocate(unique("order"), sku, 8).status()).as("nothing changed").isEqualTo(201);
    }

    @Test
    void healthIsUp() {
        Response health = http.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void dataSurvivesARestart() {
        String sku = unique("DURABLE");
        String batch = unique("batch");
        String order = unique("order");
        http.addBatch(batch, sku, 10, null);
        http.allocate(order, sku, 4);

        service.close();
        service = start();
        http = new HttpClientForTests(service.port());

        assertThat(http.allocations(order).json().get(0).get("batchref").asText()).isEqualTo(batch);
        assertThat(http.allocate(unique("order"), sku, 7).status()).as("4 of 10 still taken").isEqualTo(409);
        assertThat(http.allocate(unique("order"), sku, 6).status()).isEqualTo(201);
    }

    @Test
    void deallocateReleasesALineAndItsStockAndASecondCallIsA404() {
        String sku = unique("CANCEL");
        String batch = unique("batch");
        String order = unique("order");
        http.addBatch(batch, sku, 10, null);
        http.allocate(order, sku, 6);

        Response released = http.deallocate(order, sku);

        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().toString()).isEqualTo(
                "{\"orderid\":\"" + order + "\",\"sku\":\"" + sku + "\",\"qty\":6,\"batchref\":\"" + batch + "\"}");
        assertThat(http.allocations(order).status()).isEqualTo(404);
        assertThat(http.order(order).status()).isEqualTo(404);
        assertThat(http.order(order).message()).isEqualTo("No lines for order " + order);
        assertThat(http.product(sku).json().get("available").asInt()).as("free at once").isEqualTo(10);
        Response again = http.deallocate(order, sku);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.message()).isEqualTo("No line for " + sku + " in order " + order);
        assertThat(http.deallocate(order, unique("NEVER")).status()).as("an unknown sku").isEqualTo(404);
    }

    @Test
    void aBackorderIsA202WaitsAndIsAllocatedWhenStockArrives() {
        String sku = unique("WAIT");
        String order = unique("order");
        http.addBatch(unique("small"), sku, 5, null);

        Response waiting = http.backorder(order, sku, 8);

        assertThat(waiting.status()).isEqualTo(202);
        assertThat(waiting.json().toString()).isEqualTo("{\"status\":\"backordered\"}");
        assertThat(notifications.outOfStock()).contains(sku);
        assertThat(http.backorder(order, sku, 8).status()).as("the identical line again").isEqualTo(202);
        assertThat(http.backorder(order, sku, 3).status()).as("another qty").isEqualTo(409);
        assertThat(http.order(order).json().toString()).isEqualTo("{\"orderid\":\"" + order + "\",\"lines\":[{\"sku\":\""
                + sku + "\",\"qty\":8,\"status\":\"backordered\",\"batchref\":null}]}");
        assertThat(http.allocations(order).status()).as("allocated lines only").isEqualTo(404);
        assertThat(http.product(sku).json().get("backordered").toString()).isEqualTo("{\"lines\":1,\"qty\":8}");

        String arrived = unique("arrived");
        assertThat(http.addBatch(arrived, sku, 10, null).status()).isEqualTo(201);

        assertThat(http.order(order).json().get("lines").get(0).get("status").asText()).isEqualTo("allocated");
        assertThat(http.allocations(order).json().get(0).get("batchref").asText()).isEqualTo(arrived);
        assertThat(http.product(sku).json().get("backordered").toString()).isEqualTo("{\"lines\":0,\"qty\":0}");
    }

    @Test
    void withoutABackorderOutOfStockIsStillA409AndNothingWaits() {
        String sku = unique("NOWAIT");
        String order = unique("order");
        http.addBatch(unique("small"), sku, 5, null);

        assertThat(http.allocate(order, sku, 8).status()).isEqualTo(409);
        assertThat(http.order(order).status()).isEqualTo(404);
    }

    @Test
    void aLineTakenBackByAShrinkWaitsAndTheBatchGrowingAllocatesIt() {
        String sku = unique("SHRINK");
        String batch = unique("batch");
        String first = unique("first");
        String second = unique("second");
        http.addBatch(batch, sku, 10, null);
        http.allocate(first, sku, 4);
        http.allocate(second, sku, 4);

        http.changeBatchQuantity(batch, 6);

        assertThat(http.order(second).json().get("lines").get(0).get("status").asText()).isEqualTo("backordered");
        assertThat(http.allocations(second).status()).isEqualTo(404);
        assertThat(notifications.outOfStock()).contains(sku);

        http.changeBatchQuantity(batch, 8);

        assertThat(http.allocations(second).json().get(0).get("batchref").asText()).isEqualTo(batch);
    }

    @Test
    void waitingLinesAreFilledOldestFirstSkippingThoseThatDoNotFit() {
        String sku = unique("FILL");
        String batch = unique("batch");
        http.addBatch(batch, sku, 1, null);
        http.allocate(unique("holder"), sku, 1);
        String big = unique("big");
        String small1 = unique("small1");
        String small2 = unique("small2");
        String small3 = unique("small3");
        http.backorder(big, sku, 8);
        http.backorder(small1, sku, 2);
        http.backorder(small2, sku, 3);
        http.backorder(small3, sku, 1);

        http.changeBatchQuantity(batch, 6); // 5 units free

        assertThat(http.order(big).json().get("lines").get(0).get("status").asText()).isEqualTo("backordered");
        assertThat(http.order(small1).json().get("lines").get(0).get("status").asText()).isEqualTo("allocated");
        assertThat(http.order(small2).json().get("lines").get(0).get("status").asText()).isEqualTo("allocated");
        assertThat(http.order(small3).json().get("lines").get(0).get("status").asText()).as("the batch is full").isEqualTo("backordered");
        assertThat(http.product(sku).json().get("backordered").toString()).isEqualTo("{\"lines\":2,\"qty\":9}");

        assertThat(http.deallocate(small3, sku).json().get("batchref").isNull()).as("a waiting line released").isTrue();
        assertThat(http.product(sku).json().get("backordered").toString()).isEqualTo("{\"lines\":1,\"qty\":8}");
    }

    @Test
    void aProductListsItsBatchesInAllocationPreference() {
        String sku = unique("VIEW");
        http.addBatch("later-" + sku, sku, 10, "2030-02-01");
        http.addBatch("sooner-" + sku, sku, 10, "2030-01-01");
        http.addBatch("warehouse-" + sku, sku, 10, null);
        http.allocate(unique("order"), sku, 4);

        Response product = http.product(sku);

        assertThat(product.status()).isEqualTo(200);
        assertThat(product.json().toString()).isEqualTo("{\"sku\":\"" + sku + "\",\"batches\":["
                + "{\"ref\":\"warehouse-" + sku + "\",\"eta\":null,\"purchased\":10,\"allocated\":4,\"available\":6},"
                + "{\"ref\":\"sooner-" + sku + "\",\"eta\":\"2030-01-01\",\"purchased\":10,\"allocated\":0,\"available\":10},"
                + "{\"ref\":\"later-" + sku + "\",\"eta\":\"2030-02-01\",\"purchased\":10,\"allocated\":0,\"available\":10}],"
                + "\"available\":26,\"backordered\":{\"lines\":0,\"qty\":0}}");
        Response unknown = http.product(unique("NONE"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).startsWith("Unknown sku ");
    }

    @Test
    void anOrderListsEveryLineBySku() {
        String order = unique("order");
        String lamp = unique("LAMP");
        String table = unique("TABLE");
        http.addBatch(unique("lamps"), lamp, 1, null);
        String tables = unique("tables");
        http.addBatch(tables, table, 5, null);
        http.allocate(order, table, 2);
        http.backorder(order, lamp, 3);

        assertThat(http.order(order).json().toString()).isEqualTo("{\"orderid\":\"" + order + "\",\"lines\":["
                + "{\"sku\":\"" + lamp + "\",\"qty\":3,\"status\":\"backordered\",\"batchref\":null},"
                + "{\"sku\":\"" + table + "\",\"qty\":2,\"status\":\"allocated\",\"batchref\":\"" + tables + "\"}]}");
    }

    static Stream<Arguments> badInputs() {
        String longText = "x".repeat(256);
        return Stream.of(
                arguments("malformed JSON", "/allocate", "{\"orderid\": \"bad-order\",", 400, "not valid JSON"),
                arguments("empty body", "/allocate", "", 400, "must be a JSON object"),
                arguments("array body", "/allocate", "[]", 400, "must be a JSON object"),
                arguments("missing orderid", "/allocate", "{\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'orderid' is required"),
                arguments("null sku", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":null,\"qty\":1}", 400, "Field 'sku' must not be null"),
                arguments("qty as string", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":\"1\"}", 400, "Field 'qty' must be a whole number"),
                arguments("qty fraction", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1.5}", 400, "Field 'qty' must be a whole number"),
                arguments("orderid as number", "/allocate", "{\"orderid\":7,\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'orderid' must be a string"),
                arguments("blank orderid", "/allocate", "{\"orderid\":\"  \",\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'orderid' must not be blank"),
                arguments("long orderid", "/allocate", "{\"orderid\":\"" + longText + "\",\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'orderid' must be at most 255 characters"),
                arguments("qty zero", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":0}", 400, "Field 'qty' must be between 1 and 1000000000"),
                arguments("qty huge", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1000000001}", 400, "Field 'qty' must be between 1 and 1000000000"),
                arguments("qty beyond long", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":99999999999999999999999}", 400, "Field 'qty' must be between"),
                arguments("duplicate key", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1,\"qty\":2}", 400, "not valid JSON"),
                arguments("backorder as string", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1,\"backorder\":\"yes\"}", 400, "Field 'backorder' must be true or false"),
                arguments("deallocate without sku", "/deallocate", "{\"orderid\":\"bad-order\"}", 400, "Field 'sku' is required"),
                arguments("deallocate blank orderid", "/deallocate", "{\"orderid\":\" \",\"sku\":\"BAD-SKU\"}", 400, "Field 'orderid' must not be blank"),
                arguments("impossible date", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1,\"eta\":\"2026-02-30\"}", 400, "Field 'eta' must be a real date"),
                arguments("date as words", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1,\"eta\":\"tomorrow\"}", 400, "Field 'eta'"),
                arguments("date as number", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1,\"eta\":20260101}", 400, "Field 'eta' must be a date"),
                arguments("batch qty zero", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":0}", 400, "Field 'qty' must be between 1 and"),
                arguments("batch without sku", "/add_batch", "{\"ref\":\"bad-batch\",\"qty\":5}", 400, "Field 'sku' is required"),
                arguments("negative new qty", "/change_batch_quantity", "{\"ref\":\"BAD-BATCH-REAL\",\"qty\":-1}", 400, "Field 'qty' must be between 0 and"),
                arguments("new qty missing", "/change_batch_quantity", "{\"ref\":\"BAD-BATCH-REAL\"}", 400, "Field 'qty' is required"),
                arguments("NUL in a string", "/add_batch", "{\"ref\":\"bad\\u0000batch\",\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'ref' must not contain control characters"),
                arguments("DEL in a string", "/allocate", "{\"orderid\":\"bad\u007Forder\",\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'orderid' must not contain control characters"),
                arguments("lone surrogate", "/add_batch", "{\"ref\":\"\\ud800bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1}", 400, "Field 'ref' must be valid Unicode text"),
                arguments("trailing content", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1} garbage", 400, "not valid JSON (line 1, column"),
                arguments("trailing comment", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1} /* c */", 400, "not valid JSON"),
                arguments("second object", "/add_batch", "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1}{}", 400, "not valid JSON"),
                arguments("NaN", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":NaN}", 400, "not valid JSON (line 1, column"),
                arguments("truncated", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\"", 400, "ends before its JSON is complete (line 1, column 39)"),
                arguments("deep nesting", "/allocate", "[".repeat(5000), 400, "nested too deeply"),
                arguments("qty 1e400", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1e400}", 400, "Field 'qty' must be a whole number"),
                arguments("body over 64 KiB", "/allocate", "{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1,\"pad\":\"" + "y".repeat(70_000) + "\"}", 413, "at most 65536 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedAndChangesNothing(String name, String path, String body, int status, String message) {
        ensureBadInputTargets();

        Response response = http.post(path, body);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.message()).contains(message);
        assertNamesNoJavaClass(response);
        assertNothingChanged();
    }

    @Test
    void bodiesThatAreNotUtf8AreRefused() {
        ensureBadInputTargets();
        byte[] latin1 = "{\"ref\":\"bad-batch\u00e9\",\"sku\":\"BAD-SKU\",\"qty\":1}".getBytes(StandardCharsets.ISO_8859_1);
        Response invalid = http.send(http.request("/add_batch").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.message()).isEqualTo("The request body is not valid UTF-8");

        byte[] utf16 = "{\"ref\":\"bad-batch\",\"sku\":\"BAD-SKU\",\"qty\":1}".getBytes(StandardCharsets.UTF_16);
        Response declared = http.send(http.request("/add_batch").header("Content-Type", "application/json; charset=utf-16")
                .POST(HttpRequest.BodyPublishers.ofByteArray(utf16)));
        assertThat(declared.status()).isEqualTo(415);
        assertThat(declared.message()).contains("charset must be utf-8");
        Response undeclared = http.send(http.request("/add_batch").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(utf16)));
        assertThat(undeclared.status()).isEqualTo(400);

        String ref = unique("bom");
        byte[] withBom = ("\uFEFF{\"ref\":\"" + ref + "\",\"sku\":\"BOM-SKU\",\"qty\":1}").getBytes(StandardCharsets.UTF_8);
        Response bom = http.send(http.request("/add_batch").header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(withBom)));
        assertThat(bom.status()).as("a leading byte order mark is skipped").isEqualTo(201);
        assertThat(bom.json().get("ref").asText()).isEqualTo(ref);
        for (Response response : List.of(invalid, declared, undeclared)) {
            assertNamesNoJavaClass(response);
        }
        assertNothingChanged();
    }

    @Test
    void whatTheHttpServerRefusesItselfIsJsonToo() {
        Response nul = http.get("/allocations/a%00b");
        assertThat(nul.status()).isEqualTo(400);
        Response badEscape = http.get("/allocations/%ff");
        assertThat(badEscape.status()).isEqualTo(400);
        Response longUri = http.get("/allocations/" + "a".repeat(100_000));
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.message()).isEqualTo("The URI must be at most 8192 bytes");
        Response bigHeader = http.send(http.request("/health").header("X-Padding", "a".repeat(100_000)).GET());
        assertThat(bigHeader.status()).isEqualTo(431);
        assertThat(bigHeader.message()).contains("headers must be at most 8192 bytes");
        for (Response response : List.of(nul, badEscape, longUri, bigHeader)) {
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.message()).isNotBlank();
            assertNamesNoJavaClass(response);
        }
    }

    @Test
    void aReferenceTakenByAnotherSkuIsA409AtOnceEvenInARace() throws Exception {
        int races = 20;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < races; i++) {
                String ref = unique("contested");
                List<Future<Response>> answers = new ArrayList<>();
                long started = System.nanoTime();
                for (int j = 0; j < 4; j++) {
                    String sku = unique("SKU-" + j);
                    answers.add(pool.submit(() -> http.addBatch(ref, sku, 5, null)));
                }
                int created = 0;
                for (Future<Response> answer : answers) {
                    Response response = answer.get();
                    if (response.status() == 201) {
                        created++;
                    } else {
                        assertThat(response.status()).isEqualTo(409);
                        // The database's unique index may be what refused it: then it cannot say what differs.
                        assertThat(response.message()).startsWith("Batch " + ref + " already exists");
                    }
                }
                assertThat(created).as("exactly one SKU gets " + ref).isEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no retrying until the budget runs out")
                        .isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void otherBadRequestsGetJsonErrors() {
        ensureBadInputTargets();
        Response unknownRoute = http.get("/nowhere");
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.message()).isEqualTo("No route GET /nowhere");

        Response wrongMethod = http.get("/allocate");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.message()).isEqualTo("Method GET is not allowed on /allocate");

        Response textPlain = http.send(http.request("/allocate").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderid\":\"bad-order\",\"sku\":\"BAD-SKU\",\"qty\":1}")));
        assertThat(textPlain.status()).isEqualTo(415);
        assertThat(textPlain.message()).contains("Content-Type must be application/json");

        Response noContentType = http.send(http.request("/allocate")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderid\":\"fine-order\",\"sku\":\"BAD-SKU\",\"qty\":1}")));
        assertThat(noContentType.status()).as("an absent Content-Type is accepted").isEqualTo(201);
        assertThat(http.allocations("fine-order").json().get(0).get("batchref").asText()).isEqualTo("BAD-BATCH-REAL");

        Response blankOrder = http.get("/allocations/%20");
        assertThat(blankOrder.status()).isEqualTo(400);
        assertThat(blankOrder.message()).contains("orderid");

        for (Response response : new Response[]{unknownRoute, wrongMethod, textPlain, blankOrder}) {
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(response.raw()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertNothingChanged();
    }

    private static void assertNamesNoJavaClass(Response response) {
        ErrorMessages.assertNamesNoJavaClass(response.message(), response.raw());
    }

    /** A product with one batch of 10, for bad requests to aim at. */
    private void ensureBadInputTargets() {
        Response added = http.addBatch("BAD-BATCH-REAL", "BAD-SKU", 10, null);
        assertThat(added.status()).isEqualTo(201);
    }

    private void assertNothingChanged() {
        assertThat(http.allocations("bad-order").status()).isEqualTo(404);
        assertThat(http.changeBatchQuantity("bad-batch", 1).status()).as("no batch was added").isEqualTo(404);
    }
}
