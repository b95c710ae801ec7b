package dev.allocation.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.persistence.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL database, both publishing to RabbitMQ: each SKU's allocations are
 * sent to the two in turn, and its events still go out in commit order; the instance that sends them
 * stops halfway, and the other takes over. A backlog left by an outage goes out from both at once,
 * each sending its share of the lanes, every SKU's in order.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL, matches = ".+", disabledReason = TestDatabases.POSTGRES_SKIPPED)
@EnabledIfEnvironmentVariable(named = TestBrokers.RABBITMQ_URL, matches = ".+", disabledReason = TestBrokers.RABBITMQ_SKIPPED)
class PostgresTwoInstancesRabbitMqIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SKU = 150;

    private final String schema = TestDatabases.newSchemaName();
    private final String prefix = TestBrokers.newPrefix();

    @AfterEach
    void cleanUp() throws Exception {
        TestBrokers.deleteTopology(new RabbitNames(prefix));
        TestDatabases.dropPostgresSchema(schema);
    }

    private AllocationService start(String url) {
        return start(url, TestBrokers.rabbitMqUrl());
    }

    private AllocationService start(String url, String rabbitMqUrl) {
        return AllocationService.start(new ServiceSettings("127.0.0.1", 0, new DatabaseSettings(url, "", "", 5))
                .withMessaging(new MessagingSettings(Optional.of(rabbitMqUrl), Optional.empty(), prefix)));
    }

    @Test
    void aBacklogLeftByAnOutageGoesOutFromBothInstancesEachSkuInOrder() throws Exception {
        String url = TestDatabases.createPostgresSchema(schema);
        RabbitNames names = new RabbitNames(prefix);
        URI rabbitMq = TestBrokers.uri(TestBrokers.rabbitMqUrl());
        List<String> skus = IntStream.range(0, 32).mapToObj(i -> "SKU-" + i).toList();
        int perSku = 40;
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Map<String, Integer> lastBySku = new ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        try (TcpProxy proxy = new TcpProxy(rabbitMq.getHost(), rabbitMq.getPort());
             Connection connection = TestBrokers.rabbitMq(); Channel channel = connection.createChannel()) {
            proxy.cut();
            TestBrokers.onEachEvent(channel, names, (envelope, properties, body) -> {
                if (!ids.add(properties.getMessageId())) {
                    return; // sent again after a failure: at least once
                }
                JsonNode event = readTree(body);
                String orderId = event.path("orderid").asText();
                int n = Integer.parseInt(orderId.substring(orderId.lastIndexOf('~') + 1));
                Integer before = lastBySku.put(event.path("sku").asText(), n);
                if (before != null && before >= n) {
                    outOfOrder.add(orderId + " after ~" + before);
                }
            });
            String throughProxy = TestBrokers.throughProxy(TestBrokers.rabbitMqUrl(), proxy);
            try (AllocationService first = start(url, throughProxy); AllocationService second = start(url, throughProxy)) {
                List<HttpClientForTests> instances = List.of(new HttpClientForTests(first.port()), new HttpClientForTests(second.port()));
                for (String sku : skus) {
                    assertThat(instances.get(0).addBatch(sku + "-batch", sku, 1_000_000, null).status()).isEqualTo(201);
                }
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<Future<?>> done = new ArrayList<>();
                for (String sku : skus) {
                    done.add(clients.submit(() -> {
                        for (int n = 0; n < perSku; n++) { // one after another: their commits are in this order
                            HttpClientForTests.Response response = instances.get(n % 2).allocate(sku + "~" + n, sku, 1);
                            assertThat(response.status()).as(response.raw()).isEqualTo(201);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : done) {
                    client.get(120, TimeUnit.SECONDS);
                }
                clients.shutdown();
                await("each instance holding some of the lanes").atMost(Duration.ofSeconds(30))
                        .until(() -> laneHolders(url) == 2);

                proxy.restore();

                await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() == skus.size() * perSku);
                assertThat(outOfOrder).as("every SKU's events in commit order").isEmpty();
                for (HttpClientForTests instance : instances) {
                    assertThat(publishedTo(instance)).as("each instance sent its share").isGreaterThan(0);
                }
            }
        }
    }

    /** How many instances hold the lease of a lane of RabbitMQ's publications. */
    private static int laneHolders(String url) throws Exception {
        try (java.sql.Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT COUNT(DISTINCT holder) FROM publication_leases
                      WHERE destination LIKE 'rabbitmq/%' AND expires_at > CURRENT_TIMESTAMP""")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static double publishedTo(HttpClientForTests instance) {
        return instance.metric("allocation_events_published_total{destination=\"rabbitmq\"");
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventsOfOneSkuGoOutInCommitOrderWhicheverInstanceCommittedThem() throws Exception {
        String url = TestDatabases.createPostgresSchema(schema);
        RabbitNames names = new RabbitNames(prefix);
        try (Connection connection = TestBrokers.rabbitMq(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(names.events(), BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, names.events(), "line_allocated");
            BlockingQueue<JsonNode[]> received = new LinkedBlockingQueue<>();
            channel.basicConsume(queue, true, (tag, message) -> received.add(new JsonNode[]{
                    JSON.getNodeFactory().textNode(message.getProperties().getMessageId()), JSON.readTree(message.getBody())}),
                    tag -> { });

            AllocationService first = start(url);
            AllocationService second = start(url);
            try {
                List<HttpClientForTests> instances = List.of(new HttpClientForTests(first.port()), new HttpClientForTests(second.port()));
                List<String> skus = List.of("LAMP", "SOFA", "DESK");
                for (String sku : skus) {
                    assertThat(instances.get(0).addBatch(sku + "-batch", sku, 1_000_000, null).status()).isEqualTo(201);
                }
                // Halfway, once every client is there, the first instance stops: it gives up its lease, and the
                // second sends from there on.
                CyclicBarrier halfway = new CyclicBarrier(skus.size(), first::close);
                ExecutorService clients = Executors.newFixedThreadPool(skus.size());
                List<Future<?>> done = new ArrayList<>();
                for (String sku : skus) {
                    done.add(clients.submit(() -> {
                        for (int n = 0; n < PER_SKU; n++) {
                            if (n == PER_SKU / 2) {
                                halfway.await(60, TimeUnit.SECONDS);
                            }
                            HttpClientForTests instance = instances.get(n % 2 == 1 || n >= PER_SKU / 2 ? 1 : 0);
                            HttpClientForTests.Response response = instance.allocate(sku + "-" + n, sku, 1);
                            assertThat(response.status()).as(response.raw()).isEqualTo(201);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : done) {
                    client.get(120, TimeUnit.SECONDS);
                }
                clients.shutdown();

                Set<String> ids = new LinkedHashSet<>();
                Map<String, List<Integer>> orderPerSku = new LinkedHashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (ids.size() < skus.size() * PER_SKU && System.nanoTime() < deadline) {
                    JsonNode[] message = received.poll(1, TimeUnit.SECONDS);
                    if (message != null && ids.add(message[0].asText())) {
                        String sku = message[1].path("sku").asText();
                        orderPerSku.computeIfAbsent(sku, s -> new ArrayList<>())
                                .add(Integer.parseInt(message[1].path("orderid").asText().substring(sku.length() + 1)));
                    }
                }
                assertThat(ids).as("every allocation published, deduplicated by message_id").hasSize(skus.size() * PER_SKU);
                for (String sku : skus) {
                    assertThat(orderPerSku.get(sku)).as("%s in commit order", sku).isSorted().hasSize(PER_SKU);
                }
            } finally {
                first.close();
                second.close();
            }
        }
    }
}
