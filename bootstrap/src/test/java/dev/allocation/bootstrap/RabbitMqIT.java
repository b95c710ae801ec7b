package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.persistence.DatabaseSettings;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.domain.commands.Command;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with RabbitMQ, end to end: events out to {@code allocation.events}, commands in from
 * {@code allocation.commands}, dead letters, replies, and a broker that goes away and comes back.
 * Each test has exchange and queue names of its own.
 */
@EnabledIfEnvironmentVariable(named = TestBrokers.RABBITMQ_URL, matches = ".+", disabledReason = TestBrokers.RABBITMQ_SKIPPED)
class RabbitMqIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "an-admin-token-of-the-test";

    @TempDir
    Path folder;

    private final String prefix = TestBrokers.newPrefix();
    private final RabbitNames names = new RabbitNames(prefix);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Connection connection;
    private Channel channel;

    /** A message as a test consumer got it. */
    private record Received(String routingKey, AMQP.BasicProperties properties, JsonNode body) {

        String header(String name) {
            Object value = properties.getHeaders() == null ? null : properties.getHeaders().get(name);
            return value == null ? null : value.toString();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        connection = TestBrokers.rabbitMq();
        channel = connection.createChannel();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        TestBrokers.deleteTopology(names);
        connection.close();
    }

    private AllocationService start(String rabbitMqUrl) {
        return start(rabbitMqUrl, context -> { });
    }

    private AllocationService start(String rabbitMqUrl, Consumer<AnnotationConfigApplicationContext> additions) {
        AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                .withMessaging(new MessagingSettings(Optional.of(rabbitMqUrl), Optional.empty(), prefix)), additions);
        toClose.add(service);
        return service;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    private static String brokerHealth(HttpClientForTests http) {
        return http.get("/health").json().path("components").path("broker").asText();
    }

    /** A queue of this test's, bound to the events exchange: what a consumer of the service's events sees. */
    private BlockingQueue<Received> events() throws IOException {
        channel.exchangeDeclare(names.events(), BuiltinExchangeType.TOPIC, true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, names.events(), "#");
        return consume(queue);
    }

    private BlockingQueue<Received> consume(String queue) throws IOException {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                received.add(new Received(envelope.getRoutingKey(), properties, JSON.readTree(body)));
            }
        });
        return received;
    }

    private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        Received received = queue.poll(10, TimeUnit.SECONDS);
        assertThat(received).as("a message within 10 s").isNotNull();
        return received;
    }

    private void send(String kind, String messageId, String body, String replyTo) throws IOException {
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().messageId(messageId)
                .correlationId("corr-" + messageId).contentType("application/json");
        if (replyTo != null) {
            properties.replyTo(replyTo);
        }
        channel.basicPublish(names.commands(), kind, properties.build(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAllocationOverHttpIsPublishedWithItsIdsAndProperties() throws Exception {
        BlockingQueue<Received> events = events();
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        http.addBatch("b1", "LAMP", 10, null);

        HttpClientForTests.Response response = http.send(http.request("/allocate").header("Content-Type", "application/json")
                .header("X-Request-Id", "request-42")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 3}")));
        assertThat(response.status()).isEqualTo(201);

        Received allocated = next(events);
        assertThat(allocated.routingKey()).isEqualTo("line_allocated");
        assertThat(allocated.body()).isEqualTo(JSON.readTree("{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 3, \"batchref\": \"b1\"}"));
        AMQP.BasicProperties properties = allocated.properties();
        assertThat(UUID.fromString(properties.getMessageId())).as("the event's id").isNotNull();
        assertThat(properties.getCorrelationId()).isEqualTo("request-42");
        assertThat(properties.getType()).isEqualTo("line_allocated");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(properties.getTimestamp()).isNotNull();
        assertThat(allocated.header("causation_id")).as("the command's id").isNotBlank();
        // The consumer connects on a thread of its own, which a loaded machine may not have run yet.
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        assertThat(http.get("/health").json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void eachCommandTakesEffectOnceAndRepliesAsHttpWould() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        BlockingQueue<Received> events = events();
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<Received> answers = consume(replies);

        send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10, \"eta\": null}", replies);
        send("add_batch", "m-2", "{\"ref\": \"b2\", \"sku\": \"LAMP\", \"qty\": 10, \"eta\": \"2030-01-01\"}", null);
        send("allocate", "m-3", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}", replies);
        send("allocate", "m-3", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}", replies);
        send("change_batch_quantity", "m-4", "{\"batchref\": \"b1\", \"qty\": 3}", replies);

        Received first = next(answers);
        assertThat(first.properties().getCorrelationId()).isEqualTo("corr-m-1");
        assertThat(first.body()).isEqualTo(JSON.readTree("{\"status\": 201, \"body\": {\"ref\": \"b1\"}}"));
        assertThat(next(answers).body()).isEqualTo(JSON.readTree("{\"status\": 201, \"body\": {\"batchref\": \"b1\"}}"));
        assertThat(next(answers).body()).as("sent twice, taken once")
                .isEqualTo(JSON.readTree("{\"status\": 200, \"body\": {\"message\": \"Message m-3 has taken effect already\"}}"));
        assertThat(next(answers).body()).isEqualTo(JSON.readTree("{\"status\": 200, \"body\": {\"ref\": \"b1\", \"qty\": 3}}"));

        assertThat(http.allocations("o1").json().get(0).path("batchref").asText()).as("moved by the chain").isEqualTo("b2");
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Received event = next(events);
            published.add(event.routingKey() + " " + event.body().path("batchref").asText());
            assertThat(event.properties().getCorrelationId()).isIn("corr-m-3", "corr-m-4");
        }
        assertThat(published).containsExactly("line_allocated b1", "line_deallocated b1", "line_allocated b2");
        assertThat(events.poll(500, TimeUnit.MILLISECONDS)).as("allocated once").isNull();
    }

    @Test
    void aDeallocateCommandReleasesALineAndLineReleasedAndLineBackorderedArePublished() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        BlockingQueue<Received> events = events();
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<Received> answers = consume(replies);

        send("add_batch", "d-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10}", null);
        send("allocate", "d-2", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 6}", null);
        send("allocate", "d-3", "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 7, \"backorder\": true}", replies);
        send("deallocate", "d-4", "{\"orderid\": \"o1\", \"sku\": \"LAMP\"}", replies);
        send("deallocate", "d-5", "{\"orderid\": \"o1\", \"sku\": \"LAMP\"}", replies);

        assertThat(next(answers).body()).isEqualTo(JSON.readTree("{\"status\": 202, \"body\": {\"status\": \"backordered\"}}"));
        assertThat(next(answers).body()).isEqualTo(JSON.readTree(
                "{\"status\": 200, \"body\": {\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 6, \"batchref\": \"b1\"}}"));
        assertThat(next(answers).body()).as("nothing left to release")
                .isEqualTo(JSON.readTree("{\"status\": 404, \"body\": {\"message\": \"No line for LAMP in order o1\"}}"));

        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Received event = next(events);
            published.add(event.routingKey() + " " + event.body());
        }
        assertThat(published).containsExactly(
                "line_allocated {\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":6,\"batchref\":\"b1\"}",
                "out_of_stock {\"sku\":\"LAMP\",\"orderid\":\"o2\",\"qty\":7}",
                "line_backordered {\"orderid\":\"o2\",\"sku\":\"LAMP\",\"qty\":7}",
                "line_released {\"orderid\":\"o1\",\"sku\":\"LAMP\",\"qty\":6,\"batchref\":\"b1\"}",
                "line_allocated {\"orderid\":\"o2\",\"sku\":\"LAMP\",\"qty\":7,\"batchref\":\"b1\"}");
        assertThat(http.order("o2").json().path("lines").get(0).path("status").asText()).isEqualTo("allocated");
    }

    /**
     * The connection is cut right after the command committed, before its ack: the broker delivers the
     * message again, and the service recognises it.
     */
    @Test
    void aMessageRedeliveredAfterItsCommitTakesEffectOnce() throws Exception {
        TcpProxy proxy = proxyToRabbitMq();
        AtomicInteger handled = new AtomicInteger();
        Consumer<AnnotationConfigApplicationContext> cutAfterTheFirstCommit = context -> context.registerBean("testCommandBus",
                CommandBus.class, () -> new CommandBus() {
                    private final MessageBus bus = context.getBean(MessageBus.class);

                    @Override
                    public <R> R handle(Command<R> command, String correlationId) {
                        return bus.handle(command, correlationId);
                    }

                    @Override
                    public <R> R handleOnce(String messageId, Command<R> command, String correlationId) {
                        int call = handled.incrementAndGet();
                        R result = bus.handleOnce(messageId, command, correlationId);
                        if (call == 1) {
                            proxy.cut();
                        }
                        return result;
                    }
                }, definition -> definition.setPrimary(true));
        HttpClientForTests http = new HttpClientForTests(
                start(TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy), cutAfterTheFirstCommit).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        http.addBatch("b1", "LAMP", 10, null);
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<Received> answers = consume(replies);

        send("allocate", "m-1", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 4}", replies);
        await("the first delivery handled, and the connection cut", Duration.ofSeconds(10), () -> handled.get() == 1);
        await("/health names the broker DOWN", Duration.ofSeconds(10), () -> brokerHealth(http).equals("DOWN"));
        proxy.restore();

        Received answer = next(answers);
        assertThat(answer.body()).as("the redelivery, recognised")
                .isEqualTo(JSON.readTree("{\"status\": 200, \"body\": {\"message\": \"Message m-1 has taken effect already\"}}"));
        assertThat(handled.get()).as("handled twice, taken effect once").isEqualTo(2);
        assertThat(http.allocations("o1").json().get(0).path("batchref").asText()).isEqualTo("b1");
    }

    @Test
    void theConsumerComesBackWhenItsQueueIsDeletedUnderIt() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));

        // RabbitMQ cancels the consumer and leaves its channel open.
        channel.queueDelete(names.commands());
        await("the queue declared again and consumed", Duration.ofSeconds(15), () -> consumersOf(names.commands()) == 1);
        send("add_batch", "m-1", "{\"ref\": \"b1\", \"sku\": \"LAMP\", \"qty\": 10}", null);

        await("the command took effect", Duration.ofSeconds(10), () -> http.get("/products/LAMP").status() == 200);
        await("up again", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
    }

    /** How many consumers the queue has; -1 while there is no such queue. */
    private int consumersOf(String queue) {
        try (Channel look = connection.createChannel()) {
            return look.queueDeclarePassive(queue).getConsumerCount();
        } catch (IOException | java.util.concurrent.TimeoutException | com.rabbitmq.client.ShutdownSignalException e) {
            return -1;
        }
    }

    @Test
    void aDeadLetterKeepsNeitherTheSendersExpirationNorItsUserId() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        BlockingQueue<AMQP.BasicProperties> dead = new LinkedBlockingQueue<>();
        channel.basicConsume(names.deadQueue(), true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                dead.add(properties);
            }
        });

        channel.basicPublish(names.commands(), "allocate", new AMQP.BasicProperties.Builder().messageId("m-1")
                .expiration("60000").userId("guest").contentType("application/json").build(),
                "{\"orderid\": \"o1\", \"sku\": \"NOPE\", \"qty\": 1}".getBytes(StandardCharsets.UTF_8));

        AMQP.BasicProperties letter = dead.poll(10, TimeUnit.SECONDS);
        assertThat(letter).as("dead-lettered").isNotNull();
        assertThat(letter.getHeaders().get("x-error").toString()).isEqualTo("Invalid sku NOPE");
        assertThat(letter.getExpiration()).as("a sender's expiration would drop the dead letter and its reason").isNull();
        assertThat(letter.getUserId()).isNull();
        assertThat(letter.getMessageId()).isEqualTo("m-1");
    }

    @Test
    void messagesThatCanNeverSucceedAreDeadLetteredWithTheReason() throws Exception {
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.rabbitMqUrl()).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        BlockingQueue<Received> dead = new LinkedBlockingQueue<>();
        channel.basicConsume(names.deadQueue(), true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                dead.add(new Received(envelope.getRoutingKey(), properties, JSON.getNodeFactory().textNode(
                        new String(body, StandardCharsets.UTF_8))));
            }
        });
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<Received> answers = consume(replies);
        http.addBatch("b1", "LAMP", 10, null);

        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("not JSON", "{\"orderid\": ");
        sent.put("invalid field", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 0}");
        sent.put("unknown sku", "{\"orderid\": \"o1\", \"sku\": \"SOFA\", \"qty\": 1}");
        int n = 0;
        for (Map.Entry<String, String> message : sent.entrySet()) {
            send("allocate", "bad-" + n++, message.getValue(), null);
        }
        send("change_batch_quantity", "bad-" + n++, "{\"ref\": \"nope\", \"qty\": 1}", replies);
        channel.basicPublish(names.commands(), "allocate", new AMQP.BasicProperties.Builder().build(),
                "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 1}".getBytes(StandardCharsets.UTF_8));

        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Received letter = next(dead);
            reasons.add(letter.header("x-error"));
        }
        assertThat(reasons).containsExactly(
                "The message body ends before its JSON is complete (line 1, column 13)",
                "Field 'qty' must be between 1 and 1000000000",
                "Invalid sku SOFA",
                "Unknown batch nope",
                "The message must carry a message_id of 1 to 255 characters");
        assertThat(next(answers).body()).isEqualTo(JSON.readTree("{\"status\": 404, \"body\": {\"message\": \"Unknown batch nope\"}}"));
        assertThat(http.allocations("o1").status()).as("nothing was allocated").isEqualTo(404);
    }

    /** The service with its admin routes, consuming. */
    private HttpClientForTests startWithAdmin() {
        AllocationService service = AllocationService.start(new ServiceSettings("127.0.0.1", 0,
                new DatabaseSettings(TestDatabases.h2(folder), "sa", "", 5))
                .withMessaging(new MessagingSettings(Optional.of(TestBrokers.rabbitMqUrl()), Optional.empty(), prefix))
                .withAdminToken(ADMIN_TOKEN));
        toClose.add(service);
        HttpClientForTests http = new HttpClientForTests(service.port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        return http;
    }

    /** An admin request: a POST for a path ending in retry or discard (a discard with the reason), else a GET. */
    private static HttpClientForTests.Response admin(HttpClientForTests http, String path, String reason) {
        boolean change = path.endsWith("retry") || path.endsWith("discard");
        return http.send(http.request(path)
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(change ? "POST" : "GET", java.net.http.HttpRequest.BodyPublishers.ofString(
                        path.endsWith("discard") ? "{\"reason\": \"" + reason + "\"}" : "")));
    }

    @Test
    void aDeadCommandIsListedReDrivenOnceTheCauseIsFixedAndTakesEffectOnce() throws Exception {
        HttpClientForTests http = startWithAdmin();
        java.util.function.Function<String, HttpClientForTests.Response> admin = path -> admin(http, path, "a typo");
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<Received> answers = consume(replies);

        send("allocate", "m-1", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}", replies);
        send("allocate", "m-2", "{\"orderid\": \"o2\", \"sku\": \"LAMPP\", \"qty\": 1}", null);
        assertThat(next(answers).body().path("status").asInt()).as("LAMP is not stocked yet").isEqualTo(400);
        await("both dead-lettered", Duration.ofSeconds(10), () -> admin.apply("/admin/commands").json().size() == 2);
        JsonNode first = admin.apply("/admin/commands?kind=allocate&error=LAMP&limit=1").json().get(0);
        assertThat(first.path("message_id").asText()).isEqualTo("m-1");
        assertThat(first.path("error").asText()).isEqualTo("Invalid sku LAMP");
        assertThat(first.path("correlation_id").asText()).isEqualTo("corr-m-1");
        assertThat(JSON.readTree(first.path("body").asText())).isEqualTo(JSON.readTree("{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}"));
        assertThat(Instant.parse(first.path("dead_at").asText())).isBefore(Instant.now().plusSeconds(1));

        assertThat(admin.apply("/admin/commands/m-2/discard").status()).isEqualTo(200);
        http.addBatch("b1", "LAMP", 10, null);
        HttpClientForTests.Response retried = admin.apply("/admin/commands/retry");
        assertThat(retried.json().path("retried").asInt()).as("m-1, not the discarded m-2").isEqualTo(1);

        assertThat(next(answers).body()).as("re-driven as it first came, reply_to included")
                .isEqualTo(JSON.readTree("{\"status\": 201, \"body\": {\"batchref\": \"b1\"}}"));
        assertThat(http.allocations("o1").json().get(0).path("batchref").asText()).isEqualTo("b1");
        assertThat(admin.apply("/admin/commands").json()).as("nothing dead any more").isEmpty();
        JsonNode discarded = admin.apply("/admin/commands?state=discarded").json();
        assertThat(discarded).hasSize(1);
        assertThat(discarded.get(0).path("discard_reason").asText()).isEqualTo("a typo");
        assertThat(admin.apply("/admin/commands/m-1/retry").status()).isEqualTo(404);
        assertThat(http.get("/metrics").raw()).as("the discarded one kept apart")
                .contains("allocation_dead_commands{state=\"dead\"} 0.0").contains("allocation_dead_commands{state=\"discarded\"} 1.0");
        assertThat(admin.apply("/admin/commands/m-2/retry").status()).isEqualTo(409);

        send("allocate", "m-1", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}", replies);
        assertThat(next(answers).body()).as("it took effect once").isEqualTo(JSON.readTree(
                "{\"status\": 200, \"body\": {\"message\": \"Message m-1 has taken effect already\"}}"));
    }

    @Test
    void deadLettersWhoseMessageIdIsRepeatedOrMissingArePagedAndDiscardedEachByItsOwnId() throws Exception {
        HttpClientForTests http = startWithAdmin();
        java.util.function.Function<String, HttpClientForTests.Response> admin = path -> admin(http, path, "sent by mistake");

        send("allocate", "m-twice", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}", null);
        send("allocate", "m-twice", "{\"orderid\": \"o1\", \"sku\": \"LAMP\", \"qty\": 2}", null);
        send("allocate", null, "{\"orderid\": \"o2\", \"sku\": \"LAMP\", \"qty\": 1}", null);
        await("all three dead-lettered", Duration.ofSeconds(10), () -> admin.apply("/admin/commands").json().size() == 3);

        List<JsonNode> walked = new ArrayList<>();
        String path = "/admin/commands?limit=1";
        for (JsonNode page = admin.apply(path).json(); !page.isEmpty(); page = admin.apply(path).json()) {
            assertThat(walked).as("pages so far: a page must not come again").hasSizeLessThan(3);
            walked.add(page.get(0));
            path = "/admin/commands?limit=1&after=" + page.get(0).path("id").asText();
        }
        assertThat(walked).extracting(entry -> entry.path("message_id").isNull() ? null : entry.path("message_id").asText())
                .containsExactly("m-twice", "m-twice", null);
        assertThat(walked).extracting(entry -> entry.path("id").asText()).doesNotHaveDuplicates();

        String withoutMessageId = walked.get(2).path("id").asText();
        assertThat(admin.apply("/admin/commands/" + withoutMessageId + "/discard").status()).isEqualTo(200);
        assertThat(admin.apply("/admin/commands/" + walked.get(1).path("id").asText() + "/discard").status()).isEqualTo(200);
        assertThat(admin.apply("/admin/commands?state=discarded").json()).extracting(entry -> entry.path("id").asText())
                .as("the same ids at every look, in the order discarded").containsExactly(withoutMessageId, walked.get(1).path("id").asText());
        assertThat(admin.apply("/admin/commands").json()).extracting(entry -> entry.path("id").asText())
                .containsExactly(walked.get(0).path("id").asText());
    }

    @Test
    void whileTheBrokerIsAwayHttpGoesOnAndEveryEventIsPublishedAfterInOrder() throws Exception {
        TcpProxy proxy = proxyToRabbitMq();
        BlockingQueue<Received> events = events();
        HttpClientForTests http = new HttpClientForTests(start(TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy)).port());
        await("consuming", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
        List<String> skus = List.of("LAMP", "SOFA", "DESK");
        for (String sku : skus) {
            http.addBatch(sku + "-batch", sku, 1_000_000, null);
        }

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger allocatedSoFar = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(skus.size());
        List<Future<Integer>> counts = new ArrayList<>();
        for (String sku : skus) {
            counts.add(clients.submit(() -> {
                int sent = 0;
                while (loading.get()) {
                    HttpClientForTests.Response response = http.allocate(sku + "-" + sent, sku, 1);
                    assertThat(response.status()).as(response.raw()).isEqualTo(201);
                    sent++;
                    allocatedSoFar.incrementAndGet();
                }
                return sent;
            }));
        }
        // Allocations before the outage, during it and after it: each phase until the clients have made some.
        await("allocations before the outage", Duration.ofSeconds(20), () -> allocatedSoFar.get() >= 60);
        proxy.cut();
        await("/health names the broker DOWN", Duration.ofSeconds(10), () -> brokerHealth(http).equals("DOWN"));
        assertThat(http.get("/health").status()).as("the service stays up").isEqualTo(200);
        int beforeOutage = allocatedSoFar.get();
        await("allocations while the broker is away", Duration.ofSeconds(20), () -> allocatedSoFar.get() >= beforeOutage + 150);
        proxy.restore();
        int whenRestored = allocatedSoFar.get();
        await("allocations after it is back", Duration.ofSeconds(20), () -> allocatedSoFar.get() >= whenRestored + 60);
        loading.set(false);
        int allocated = 0;
        for (Future<Integer> count : counts) {
            allocated += count.get();
        }
        clients.shutdown();

        Set<String> ids = new LinkedHashSet<>();
        Map<String, List<Integer>> orderPerSku = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ids.size() < allocated && System.nanoTime() < deadline) {
            Received event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && ids.add(event.properties().getMessageId())) {
                String orderId = event.body().path("orderid").asText();
                String sku = event.body().path("sku").asText();
                orderPerSku.computeIfAbsent(sku, s -> new ArrayList<>())
                        .add(Integer.parseInt(orderId.substring(sku.length() + 1)));
            }
        }
        assertThat(ids).as("each of the %d allocations published, deduplicated by message_id", allocated).hasSize(allocated);
        for (String sku : skus) {
            List<Integer> order = orderPerSku.get(sku);
            assertThat(order).as("the events of %s in the order they were committed", sku).isSorted();
            assertThat(order).doesNotHaveDuplicates();
        }
        await("consuming again", Duration.ofSeconds(10), () -> brokerHealth(http).equals("UP"));
    }

    @Test
    void anEventCommittedBeforeAKillIsPublishedAfterTheRestart() throws Exception {
        TcpProxy proxy = proxyToRabbitMq();
        BlockingQueue<Received> events = events();
        proxy.cut();
        Map<String, String> environment = Map.of(
                "DATABASE_URL", TestDatabases.h2(folder),
                "RABBITMQ_URL", TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy),
                "BROKER_NAME_PREFIX", prefix);
        Path log = folder.resolve("service.log");
        try (ServiceChild child = ServiceChild.start(environment, log)) {
            HttpClientForTests http = new HttpClientForTests(child.port());
            http.addBatch("b1", "LAMP", 10, null);
            assertThat(http.allocate("o1", "LAMP", 2).status()).isEqualTo(201);
            child.kill();
        }
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("the broker was away: nothing went out").isNull();

        proxy.restore();
        try (ServiceChild child = ServiceChild.start(environment, log)) {
            Received allocated = next(events);
            assertThat(allocated.body().path("orderid").asText()).isEqualTo("o1");
            child.terminate();
            child.awaitExit(Duration.ofSeconds(30));
        }
    }

    /** A proxy between the service and the broker, closed after the test. */
    private TcpProxy proxyToRabbitMq() throws IOException {
        URI broker = TestBrokers.uri(TestBrokers.rabbitMqUrl());
        TcpProxy proxy = new TcpProxy(broker.getHost(), broker.getPort() < 0 ? 5672 : broker.getPort());
        toClose.add(proxy);
        return proxy;
    }
}
