package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.bootstrap.ContractOracle.Accepted;
import dev.allocation.bootstrap.ContractOracle.Refused;
import dev.allocation.bootstrap.RawHttp.Request;
import dev.allocation.bootstrap.RawHttp.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A fuzz test of the HTTP contract on the real wiring: requests made by mutating valid ones, each
 * checked against docs/api.md. Every answer is a 2xx, or a 4xx with a JSON message for people;
 * never a 5xx or an HTML page. The service accepts exactly what the contract accepts
 * ({@link ContractOracle}), and what a 2xx stored reads back exactly.
 *
 * <p>jqwik draws the seed and prints it with a failure; the next run replays the failing seed
 * first (the {@code .jqwik-database} file), or pin it with {@code @Property(seed = "...")}.
 */
abstract class ApiFuzzContract {

    private static final int TRIES = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 405, 408, 409, 413, 414, 415, 431);

    private final FuzzRequests requests = new FuzzRequests("fz" + UUID.randomUUID().toString().substring(0, 8));
    private AllocationService service;
    private RawHttp raw;
    private HttpClientForTests http;

    /** A JDBC URL of an empty database for this class. */
    protected abstract String databaseUrl();

    protected void dropDatabase() {
    }

    @BeforeProperty
    void startService() {
        String url = databaseUrl();
        service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(url, url.startsWith("jdbc:h2:") ? "sa" : "", "", 10)));
        raw = new RawHttp(service.port());
        http = new HttpClientForTests(service.port());
    }

    @AfterProperty
    void stopService() {
        if (service != null) {
            service.close();
        }
        dropDatabase();
    }

    @Provide
    Arbitrary<Request> mutatedRequests() {
        return Arbitraries.randomValue(requests::next);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void everyAnswerKeepsTheContract(@ForAll("mutatedRequests") Request request) throws IOException {
        Response response = raw.send(request);
        Statistics.label("answers").collect(request.method() + " " + response.status()); // printed after the run
        String context = request.describe() + "\n-> " + response.status() + " " + response.headers() + " " + response.body();

        assertThat(response.status()).as("no 5xx, no 1xx or 3xx: " + context).isBetween(200, 499);
        if (response.status() == 204) {
            assertThat(request.method()).as("only OPTIONS answers without a body: " + context).isEqualTo("OPTIONS");
            assertThat(response.body()).as(context).isEmpty();
            assertThat(response.header("Allow")).as("the route's methods: " + context).contains("OPTIONS");
        } else if (!request.method().equals("HEAD")) {
            assertThat(response.header("Content-Type")).as("JSON, not a page: " + context).startsWith("application/json");
            JsonNode body = JSON.readTree(response.body());
            if (response.status() >= 400) {
                assertThat(REFUSALS).as(context).contains(response.status());
                ErrorMessages.assertNamesNoJavaClass(body.path("message").asText(""), context);
            }
        }
        if (request.body() != null) {
            checkAgainstTheContract(request, response, context);
        }
    }

    private void checkAgainstTheContract(Request request, Response response, String context) throws IOException {
        Object verdict = ContractOracle.judge(request);
        if (verdict instanceof Refused refused) {
            assertThat(response.status()).as("refused (" + refused.why() + "): " + context).isEqualTo(refused.status());
            return;
        }
        Accepted accepted = (Accepted) verdict;
        JsonNode body = JSON.readTree(response.body());
        String message = body.path("message").asText("");
        switch (accepted.path()) {
            case "/add_batch" -> {
                if (response.status() == 409) {
                    assertThat(message).as(context).startsWith("Batch " + accepted.values().get("ref") + " already exists");
                    return;
                }
                assertThat(response.status()).as(context).isEqualTo(201);
                assertThat(body.path("ref").textValue()).as(context).isEqualTo(accepted.values().get("ref"));
                readBackBatch((String) accepted.values().get("ref"), (String) accepted.values().get("sku"), context);
            }
            case "/allocate" -> {
                if (response.status() == 400) {
                    assertThat(message).as(context).isEqualTo("Invalid sku " + accepted.values().get("sku"));
                    return;
                }
                if (response.status() == 409) {
                    assertThat(message).as(context).satisfiesAnyOf(
                            m -> assertThat(m).isEqualTo("Out of stock for " + accepted.values().get("sku")),
                            m -> assertThat(m).contains("already"));
                    return;
                }
                if (response.status() == 202) { // a backorder, or the identical line again while it waits
                    readBackWaiting((String) accepted.values().get("orderid"), (String) accepted.values().get("sku"), context);
                    return;
                }
                assertThat(response.status()).as(context).isEqualTo(201);
                readBackLine((String) accepted.values().get("orderid"), (String) accepted.values().get("sku"),
                        body.path("batchref").textValue(), context);
            }
            case "/deallocate" -> {
                if (response.status() == 404) {
                    assertThat(message).as(context).isEqualTo("No line for " + accepted.values().get("sku") + " in order "
                            + accepted.values().get("orderid"));
                    return;
                }
                assertThat(response.status()).as(context).isEqualTo(200);
                assertThat(body.path("orderid").textValue()).as(context).isEqualTo(accepted.values().get("orderid"));
                assertThat(body.path("sku").textValue()).as(context).isEqualTo(accepted.values().get("sku"));
                HttpClientForTests.Response again = http.post("/deallocate", "{\"orderid\":"
                        + json((String) accepted.values().get("orderid")) + ",\"sku\":" + json((String) accepted.values().get("sku")) + "}");
                assertThat(again.status()).as("released once: " + context).isEqualTo(404);
            }
            default -> {
                if (response.status() == 404) {
                    assertThat(message).as(context).isEqualTo("Unknown batch " + accepted.values().get("ref"));
                    return;
                }
                assertThat(response.status()).as(context).isEqualTo(200);
                assertThat(body.path("ref").textValue()).as(context).isEqualTo(accepted.values().get("ref"));
                assertThat(body.path("qty").intValue()).as(context).isEqualTo(accepted.values().get("qty"));
            }
        }
    }

    /** The batch is found by its exact reference, and serves its exact SKU. */
    private void readBackBatch(String ref, String sku, String context) {
        HttpClientForTests.Response found = http.post("/change_batch_quantity",
                "{\"ref\":" + json(ref) + ",\"qty\":1000000000}"); // grows it, so that nothing moves
        assertThat(found.status()).as("read back " + context).isEqualTo(200);
        assertThat(found.json().path("ref").textValue()).as(context).isEqualTo(ref);
        String order = "readback-" + UUID.randomUUID();
        HttpClientForTests.Response allocated = http.post("/allocate",
                "{\"orderid\":\"" + order + "\",\"sku\":" + json(sku) + ",\"qty\":1}");
        if (allocated.status() == 409) {
            return; // all of the SKU's stock is taken: nothing to read the SKU back with
        }
        assertThat(allocated.status()).as("read back " + context).isEqualTo(201);
        readBackLine(order, sku, allocated.json().path("batchref").textValue(), context);
    }

    private void readBackLine(String orderId, String sku, String batchRef, String context) {
        HttpClientForTests.Response lines = http.get("/allocations/"
                + URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(lines.status()).as("read back " + context).isEqualTo(200);
        for (JsonNode line : lines.json()) {
            if (line.path("sku").textValue().equals(sku)) {
                assertThat(line.path("batchref").textValue()).as(context).isEqualTo(batchRef);
                return;
            }
        }
        fail("order %s has no line of SKU %s: %s (%s)", orderId, sku, lines.raw(), context);
    }

    /** The order lists the line as waiting for stock. */
    private void readBackWaiting(String orderId, String sku, String context) {
        HttpClientForTests.Response order = http.get("/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(order.status()).as("read back " + context).isEqualTo(200);
        for (JsonNode line : order.json().path("lines")) {
            if (line.path("sku").textValue().equals(sku)) {
                assertThat(line.path("status").textValue()).as(context).isEqualTo("backordered");
                assertThat(line.path("batchref").isNull()).as(context).isTrue();
                return;
            }
        }
        fail("order %s has no line of SKU %s: %s (%s)", orderId, sku, order.raw(), context);
    }

    private static String json(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
