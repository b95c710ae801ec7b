package dev.allocation.bootstrap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.persistence.DatabaseSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces end to end, with the SDK's in-memory exporter in place of OTLP: a request that sends a
 * {@code traceparent} is one trace through its command, every delivery of the chain it starts, each
 * commit and each publication to RabbitMQ, and every message published carries that trace. The trace
 * survives a {@code kill -9} in the middle of the chain, through the stored deliveries and publications.
 */
@EnabledIfEnvironmentVariable(named = TestBrokers.RABBITMQ_URL, matches = ".+", disabledReason = TestBrokers.RABBITMQ_SKIPPED)
class TracingIT {

    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    Path folder;

    private final String prefix = TestBrokers.newPrefix();
    private final RabbitNames names = new RabbitNames(prefix);
    private final String traceId = UUID.randomUUID().toString().replace("-", "");
    private final String traceparent = "00-" + traceId + "-" + CALLER_SPAN + "-01";
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** What a consumer of the service's events got, by message id: routing key and traceparent header. */
    private final Map<String, String[]> published = new ConcurrentHashMap<>();
    private Connection connection;

    @BeforeEach
    void consumeTheEvents() throws Exception {
        connection = TestBrokers.rabbitMq();
        TestBrokers.onEachEvent(connection.createChannel(), names, (envelope, properties, body) -> {
            Object header = properties.getHeaders() == null ? null : properties.getHeaders().get("traceparent");
            published.put(properties.getMessageId(), new String[]{envelope.getRoutingKey(),
                    header == null ? "" : header.toString(), new String(body, StandardCharsets.UTF_8)});
        });
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        sdk.close();
        TestBrokers.deleteTopology(names);
        connection.close();
    }

    private AllocationService start(String rabbitMqUrl) {
        AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                        new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                        .withMessaging(new MessagingSettings(Optional.of(rabbitMqUrl), Optional.empty(), prefix)),
                StandIns.standIn(OpenTelemetry.class, sdk));
        toClose.add(service);
        return service;
    }

    private HttpClientForTests.Response shrink(HttpClientForTests http, String batch, int qty) {
        return http.send(http.request("/change_batch_quantity").header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\": \"" + batch + "\", \"qty\": " + qty + "}")));
    }

    private List<SpanData> spansOfTheTrace() {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private List<SpanData> named(List<SpanData> spans, String prefix) {
        return spans.stream().filter(span -> span.getName().startsWith(prefix)).toList();
    }

    /** The messages published in the trace, by message id: their routing key and the span id in their traceparent. */
    private Map<String, String[]> publishedInTheTrace() {
        return published.entrySet().stream().filter(message -> message.getValue()[1].startsWith("00-" + traceId + "-"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void aShrinkIsOneTraceFromTheRequestThroughTheReallocationsToTheBroker() {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        http.addBatch("warehouse", "LAMP", 3, null);
        http.addBatch("ship", "LAMP", 10, "2030-01-01");
        for (String order : List.of("o1", "o2", "o3")) {
            assertThat(http.allocate(order, "LAMP", 1).status()).isEqualTo(201);
        }

        assertThat(shrink(http, "warehouse", 1).status()).isEqualTo(200);

        await("the two lines moved and their four events published").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> publishedInTheTrace().size() >= 4
                        && named(spansOfTheTrace(), "publish").size() >= 4);
        List<SpanData> trace = spansOfTheTrace();
        SpanData request = named(trace, "POST /change_batch_quantity").get(0);
        assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(request.getParentSpanId()).as("a child of the caller's span").isEqualTo(CALLER_SPAN);
        SpanData command = named(trace, "handle ChangeBatchQuantity").get(0);
        assertThat(command.getParentSpanId()).isEqualTo(request.getSpanId());
        List<SpanData> reallocations = named(trace, "deliver Deallocated to reallocate");
        assertThat(reallocations).as("one per line taken back").hasSize(2)
                .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(command.getSpanId()));
        assertThat(reallocations).extracting(span -> span.getAttributes().asMap().entrySet().stream()
                        .filter(attribute -> attribute.getKey().getKey().equals("allocation.orderid"))
                        .map(attribute -> attribute.getValue().toString()).findFirst().orElse(""))
                .containsExactlyInAnyOrder("o2", "o3");
        assertThat(named(trace, "group commit").size() + named(trace, "commit").size())
                .as("the shrink's commit and each reallocation's").isGreaterThanOrEqualTo(3);

        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(trace).as("one tree under the caller's span").allSatisfy(span ->
                assertThat(span.getParentSpanId()).isIn(ids.stream().collect(Collectors.toCollection(
                        () -> new java.util.HashSet<>(Set.of(CALLER_SPAN))))));

        Map<String, String[]> messages = publishedInTheTrace();
        assertThat(messages.values()).extracting(message -> message[0]).containsExactlyInAnyOrder(
                "line_deallocated", "line_deallocated", "line_allocated", "line_allocated");
        Set<String> publications = named(trace, "publish").stream()
                .filter(span -> span.getKind() == SpanKind.PRODUCER).map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(messages.values()).as("each message's traceparent names the span that published it")
                .allSatisfy(message -> assertThat(message[1].substring(36, 52)).isIn(publications));
        assertThat(published.size() - messages.size()).as("the allocations before, in traces of their own").isEqualTo(3);
    }

    @Test
    void aCommandMessageWithATraceparentIsHandledInTheSendersTrace() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming").atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/health").json().path("components").path("broker").asText().equals("UP"));
        try (Channel channel = connection.createChannel()) {
            channel.basicPublish(names.commands(), "add_batch", new AMQP.BasicProperties.Builder().messageId("m-1")
                            .contentType("application/json").headers(Map.of("traceparent", traceparent)).build(),
                    "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10, \"eta\": null}".getBytes(StandardCharsets.UTF_8));
        }

        await("the command handled").atMost(Duration.ofSeconds(10))
                .until(() -> !named(spansOfTheTrace(), "process " + names.commands()).isEmpty());
        SpanData message = named(spansOfTheTrace(), "process " + names.commands()).get(0);
        assertThat(message.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(message.getParentSpanId()).as("a child of the sender's span").isEqualTo(CALLER_SPAN);
        await("the command's span").atMost(Duration.ofSeconds(5))
                .until(() -> !named(spansOfTheTrace(), "handle CreateBatch").isEmpty());
        assertThat(named(spansOfTheTrace(), "handle CreateBatch").get(0).getParentSpanId()).isEqualTo(message.getSpanId());
    }

    @Test
    void aChainKilledMidwayIsFinishedInTheSameTraceAfterTheRestart() throws Exception {
        int lines = 600;
        String sku = "CHAIN-" + UUID.randomUUID();
        TcpProxy proxy = new TcpProxy(TestBrokers.uri(TestBrokers.rabbitMqUrl()).getHost(), port(TestBrokers.uri(TestBrokers.rabbitMqUrl())));
        toClose.add(proxy);
        proxy.cut(); // the publications wait in the outbox, as the deliveries do
        Map<String, String> environment = Map.of("DATABASE_URL", TestDatabases.h2(folder),
                "RABBITMQ_URL", TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy), "BROKER_NAME_PREFIX", prefix);
        try (ServiceChild child = ServiceChild.start(environment, folder.resolve("service.log"))) {
            HttpClientForTests http = new HttpClientForTests(child.port());
            http.addBatch(sku + "-A", sku, lines, null);
            http.addBatch(sku + "-B", sku, lines, "2030-01-01");
            for (int i = 0; i < lines; i++) {
                assertThat(http.allocate(sku + "-o" + i, sku, 1).status()).isEqualTo(201);
            }
            CompletableFuture.runAsync(() -> shrink(http, sku + "-A", 0));
            await("the chain under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> inB(http, sku + "-o" + (lines - 3), sku));
            child.kill();
        }

        proxy.restore();
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy)).port());
        await("every line in B").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> inB(http, sku + "-o0", sku));
        await("each line's Deallocated and Allocated published in the trace").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> publishedInTheTrace().size() >= 2 * lines);

        Map<String, String[]> messages = publishedInTheTrace();
        assertThat(messages.values()).filteredOn(message -> message[0].equals("line_allocated"))
                .as("every move to B").hasSize(lines).allSatisfy(message -> assertThat(message[2]).contains(sku + "-B"));
        List<SpanData> finishedHere = spansOfTheTrace();
        assertThat(named(finishedHere, "deliver Deallocated to reallocate"))
                .as("the restarted service delivered what the killed one left, in the caller's trace").isNotEmpty();
        assertThat(named(finishedHere, "publish")).as("and published the events in it").isNotEmpty();
        assertThat(published.values()).filteredOn(message -> message[2].contains(sku + "-B"))
                .as("nothing of the chain outside the trace").allSatisfy(message -> assertThat(message[1]).contains(traceId));
    }

    private static int port(URI broker) {
        return broker.getPort() < 0 ? 5672 : broker.getPort();
    }

    private static boolean inB(HttpClientForTests http, String orderId, String sku) {
        HttpClientForTests.Response response = http.allocations(orderId);
        return response.status() == 200 && (sku + "-B").equals(response.json().path(0).path("batchref").asText());
    }
}
