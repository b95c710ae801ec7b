package dev.allocation.adapters.web;

import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.domain.model.AllocationOutcome;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.EventHistoryView;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.domain.model.InvalidSku;
import dev.allocation.application.port.in.CommandBus.TooManyConflicts;
import dev.allocation.domain.model.UnknownBatch;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.ChangeBatchQuantity;
import dev.allocation.domain.commands.Command;
import dev.allocation.domain.commands.CreateBatch;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.model.DuplicateBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web adapter alone, against a stub of the command bus and the views: what each request turns
 * into, and how each answer or exception of the driving port becomes a status. No database.
 */
class AllocationRoutesTest {

    /** What the stub bus was sent, with the correlation id. */
    private record Sent(Command<?> command, String correlationId) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private Function<Command<?>, Object> answer = command -> {
        throw new AssertionError("no answer for " + command);
    };
    private List<AllocationsView.Allocation> allocations = List.of();
    private RuntimeException viewFailure;
    private final List<Envelope<Event>> recorded = new ArrayList<>();
    private final List<String> historyAsked = new ArrayList<>();
    /** The recorded events, whatever the order; the SKU's pages as asked. */
    private final EventHistoryView history = new EventHistoryView() {
        @Override
        public Optional<List<Envelope<Event>>> ofOrder(String orderId) {
            return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded);
        }

        @Override
        public List<Envelope<Event>> ofSku(String sku, Instant after, int limit) {
            historyAsked.add(sku + " after " + after + " limit " + limit);
            return recorded.stream().limit(limit).toList();
        }
    };
    private Optional<String> healthProblem = Optional.empty();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    private final CommandBus bus = new CommandBus() {
        @Override
        @SuppressWarnings("unchecked")
        public <R> R handle(Command<R> command, String correlationId) {
            sent.add(new Sent(command, correlationId));
            return (R) answer.apply(command);
        }

        @Override
        public <R> R handleOnce(String messageId, Command<R> command, String correlationId) {
            throw new AssertionError("HTTP has no message ids");
        }
    };

    private HttpServer server() {
        if (server == null) {
            AllocationsView view = orderId -> {
                if (viewFailure != null) {
                    throw viewFailure;
                }
                return allocations;
            };
            HealthCheck health = () -> healthProblem;
            Views views = new Views(view, orderId -> Optional.empty(), sku -> Optional.empty(), history);
            server = new HttpServer(bus, views, health, HttpLimits.DEFAULT).start("127.0.0.1", 0);
        }
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConflictThatReachesTheRoutesIsA409ToTryAgainNotA500() throws Exception {
        viewFailure = new ConcurrencyConflict(null, "deadlock detected");

        HttpResponse<String> response = get("/allocations/o1");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("\"message\"").contains("try again");
    }

    @Test
    void anAllocationBecomesTheAllocateCommandAndItsAnswerA201() throws Exception {
        answer = command -> new AllocationOutcome.InBatch("b1");

        HttpResponse<String> response = post("/allocate", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 3, \"extra\": true}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"batchref\":\"b1\"}");
        assertThat(sent).extracting(Sent::command).containsExactly(new Allocate("o1", "LAMP", 3));
    }

    @Test
    void anOrdersHistoryListsItsEventsWithTheirIdsAndAnUnknownOrderIsA404() throws Exception {
        assertThat(get("/orders/o1/history").statusCode()).isEqualTo(404);
        Envelope<Event> taken = new Envelope<>("e1", "req-1", "c1", null, Instant.parse("2030-01-02T10:00:00Z"),
                new Deallocated("o1", "LAMP", 3, "b1"));
        recorded.add(taken);
        recorded.add(taken.causes(new Allocated("o1", "LAMP", 3, "b2"), Instant.parse("2030-01-02T10:00:01Z")));

        HttpResponse<String> response = get("/orders/o1/history");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"orderid\":\"o1\",\"events\":["
                + "{\"id\":\"e1\",\"type\":\"Deallocated\",\"recorded_at\":\"2030-01-02T10:00:00Z\",\"correlation_id\":\"req-1\","
                + "\"causation_id\":\"c1\",\"fields\":{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":3,\"batchref\":\"b1\"}},"
                + "{\"id\":\"" + recorded.get(1).id() + "\",\"type\":\"Allocated\",\"recorded_at\":\"2030-01-02T10:00:01Z\","
                + "\"correlation_id\":\"req-1\",\"causation_id\":\"e1\",\"fields\":{\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":3,"
                + "\"batchref\":\"b2\"}}]}");
    }

    @Test
    void aSkusHistoryIsPagedByTimeAndBadPagingIsA400() throws Exception {
        Envelope<String> request = Envelope.command("request", "req-1");
        recorded.add(request.causes(new Allocated("o1", "LAMP", 1, "b1"), Instant.parse("2030-01-02T10:00:00Z")));
        recorded.add(request.causes(new Allocated("o2", "LAMP", 1, "b1"), Instant.parse("2030-01-02T10:00:01Z")));

        HttpResponse<String> full = get("/products/LAMP/history?after=2030-01-01T00:00:00%2B01:00&limit=2");
        HttpResponse<String> last = get("/products/LAMP/history");

        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).contains("\"next_after\":\"2030-01-02T10:00:01Z\"");
        assertThat(last.body()).contains("\"next_after\":null");
        assertThat(historyAsked).containsExactly("LAMP after 2029-12-31T23:00:00Z limit 2", "LAMP after 1970-01-01T00:00:00Z limit 100");
        for (String bad : List.of("after=yesterday", "after=2030-01-02T10:00:00", "after=%2B300000-01-01T00:00:00Z", "limit=0",
                "limit=1001", "limit=ten")) {
            HttpResponse<String> refused = get("/products/LAMP/history?" + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).startsWith("{\"message\":\"Query parameter '");
        }
        assertThat(historyAsked).as("nothing asked for bad paging").hasSize(2);
    }

    @Test
    void aCharsetOtherThanUtf8IsA415OnEveryRouteAsJavalinWouldReadTheQueryWithIt() throws Exception {
        for (String contentType : List.of("text/plain; charset", "application/json; charset=bogus", "text/plain; charset=iso-8859-1")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server().port() + "/products/LAMP/history?limit=0")).header("Content-Type", contentType).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(contentType).isEqualTo(415);
            assertThat(refused.body()).as(contentType).startsWith("{\"message\":\"A request must be sent as UTF-8");
        }
        assertThat(historyAsked).isEmpty();
    }

    @Test
    void aQueryStringWhoseEscapesAreBrokenOrNotUtf8IsA400NotAParameterDropped() throws Exception {
        // Sent over a socket: the JDK's client refuses to send a broken escape.
        for (String query : List.of("limit=%zz", "limit=5&after=%", "limit=%FF", "lim%C3%28it=5", "limit=%e2%82")) {
            String answer = rawGet("/products/LAMP/history?" + query);
            assertThat(answer).as(query).startsWith("HTTP/1.1 400 ").contains("{\"message\":\"The query string is malformed");
        }
        assertThat(historyAsked).isEmpty();

        HttpResponse<String> escaped = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server().port() + "/products/LAMP/history?limit=%35&x=%E2%82%AC+%2B")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(escaped.statusCode()).isEqualTo(200);
        assertThat(historyAsked).singleElement().asString().endsWith("limit 5");
    }

    /** The whole answer to a GET of {@code target} sent as it is. */
    private String rawGet(String target) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server().port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void headAnswersTheStatusGetWouldAndOptionsTakesATrailingSlash() throws Exception {
        healthProblem = Optional.of("the database does not answer");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + "/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownOrder = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + "/orders/nope"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> options = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + "/allocate/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEmpty();
        assertThat(unknownOrder.statusCode()).isEqualTo(404);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
    }

    @Test
    void aMethodOverrideHeaderIsRefusedNotFollowed() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server().port() + "/allocate"))
                .header("X-HTTP-Method-Override", "POST").header("Content-Type", "application/json")
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).startsWith("{\"message\":\"X-HTTP-Method-Override is not taken");
        assertThat(sent).isEmpty();
    }

    @Test
    void anEtaWhoseYearIsNotFourDigitsIsA400() throws Exception {
        HttpResponse<String> refused = post("/add_batch", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 1, \"eta\": \"+6000000-01-01\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("'eta'");
        assertThat(sent).isEmpty();
    }

    @Test
    void outOfStockIsA409() throws Exception {
        answer = command -> new AllocationOutcome.NoStock();

        HttpResponse<String> response = post("/allocate", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 3}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).isEqualTo("{\"message\":\"Out of stock for LAMP\"}");
    }

    @Test
    void aBatchAndAQuantityChangeBecomeTheirCommands() throws Exception {
        answer = command -> command instanceof CreateBatch create ? create.ref() : ((ChangeBatchQuantity) command).qty();

        assertThat(post("/add_batch", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 5, \"eta\": \"2030-01-02\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> changed = post("/change_batch_quantity", "{\"ref\": \"b1\", \"qty\": 0}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("{\"ref\":\"b1\",\"qty\":0}");
        assertThat(sent).extracting(Sent::command).containsExactly(
                new CreateBatch("b1", "LAMP", 5, LocalDate.of(2030, 1, 2)), new ChangeBatchQuantity("b1", 0));
    }

    @Test
    void theRequestIdIsEchoedAndBecomesTheCorrelationId() throws Exception {
        answer = command -> new AllocationOutcome.InBatch("b1");

        HttpResponse<String> given = post("/allocate", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}", "X-Request-Id", "demo-1");
        HttpResponse<String> made = post("/allocate", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}", "X-Request-Id", "not ok!");

        assertThat(given.headers().firstValue("X-Request-Id")).contains("demo-1");
        assertThat(sent.get(0).correlationId()).isEqualTo("demo-1");
        String newId = made.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(newId).isNotEqualTo("not ok!").matches("[0-9a-f-]{36}");
        assertThat(sent.get(1).correlationId()).isEqualTo(newId);
    }

    @Test
    void theExceptionsOfTheDrivingPortBecomeStatuses() throws Exception {
        String line = "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}";
        answer = command -> {
            throw new InvalidSku("LAMP");
        };
        assertThat(post("/allocate", line)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"message\":\"Invalid sku LAMP\"}");
        });
        answer = command -> {
            throw new UnknownBatch("b9");
        };
        assertThat(post("/change_batch_quantity", "{\"ref\": \"b9\", \"qty\": 1}").statusCode()).isEqualTo(404);
        answer = command -> {
            throw new DuplicateBatch("b1");
        };
        assertThat(post("/add_batch", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 5}").body())
                .isEqualTo("{\"message\":\"Batch b1 already exists\"}");
        answer = command -> {
            throw new TooManyConflicts("LAMP", "gave up", null);
        };
        assertThat(post("/allocate", line)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("Too many concurrent changes to product LAMP");
        });
        answer = command -> {
            throw new IllegalStateException("a bug");
        };
        assertThat(post("/allocate", line)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).startsWith("{\"message\":\"Internal error\",\"id\":\"").doesNotContain("a bug");
        });
    }

    @Test
    void invalidFieldsAreRefusedBeforeTheBusNamingTheField() throws Exception {
        assertThat(post("/allocate", "{\"orderid\": \"o\\u0000\", \"sku\": \"LAMP\", \"qty\": 1}").body())
                .isEqualTo("{\"message\":\"Field 'orderid' must not contain control characters\"}");
        assertThat(post("/allocate", "{\"orderid\": \"o\", \"sku\": \"LAMP\", \"qty\": 1e3}").body())
                .isEqualTo("{\"message\":\"Field 'qty' must be a whole number\"}");
        assertThat(post("/allocate", "{\"orderid\": \"o\", \"sku\": \"LAMP\", \"qty\": 99999999999999999999}").body())
                .isEqualTo("{\"message\":\"Field 'qty' must be between 1 and 1000000000\"}");
        assertThat(post("/change_batch_quantity", "{\"ref\": \"b\", \"qty\": -5}").body())
                .isEqualTo("{\"message\":\"Field 'qty' must be between 0 and 1000000000\"}");
        assertThat(post("/add_batch", "{\"ref\": \"\\ud800x\", \"sku\": \"LAMP\", \"qty\": 1}").statusCode()).isEqualTo(400);
        assertThat(sent).isEmpty();
    }

    @Test
    void readsGoToTheViewsNotTheBus() throws Exception {
        allocations = List.of(new AllocationsView.Allocation("LAMP", "b1"));
        assertThat(get("/allocations/o1").body()).isEqualTo("[{\"sku\":\"LAMP\",\"batchref\":\"b1\"}]");
        allocations = List.of();
        assertThat(get("/allocations/o2")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("{\"message\":\"No allocations for order o2\"}");
        });
        healthProblem = Optional.of("connection refused");
        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(sent).isEmpty();
    }
}
