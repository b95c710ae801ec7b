package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * How fast a backlog left by a broker outage goes out, against what a bare publisher reaches.
 *
 * <ol>
 *   <li>The limit: a plain Java publisher sends as many messages as the backlog, of the same size and
 *       properties, persistent, with a confirm wait per batch, to the same RabbitMQ.</li>
 *   <li>The backlog: the jar runs with {@code RABBITMQ_URL} pointing at a port where nothing listens,
 *       so every allocation's event stays in the outbox; each SKU's allocations are sent one after
 *       another, numbered, so that their commit order is known.</li>
 *   <li>The drain: the jar restarts on the same database with the real broker (as one instance, or
 *       several on PostgreSQL), while W1 runs with 8 clients (or as many as told), spread over the
 *       instances; its batches were added with the backlog. A consumer counts every {@code line_allocated} and checks that each SKU's arrive in
 *       their numbered order.</li>
 * </ol>
 * Prints the rates and writes them, with the events received in each 100 ms, as JSON
 *
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.OutboxDrain [options]
 *   --jar PATH           the service (default bootstrap/target/allocation-service.jar)
 *   --rabbitmq-url URL   the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
 *   --database-url URL   DATABASE_URL for the service (default: an H2 file in a scratch folder)
 *   --events N           the backlog (default 200000)
 *   --json PATH          where the figures go (default benchmarks/target/outbox-drain.json)
 *   --w1-clients N       W1's clients during the drain (default 8; 0 for none)
 *   --drain-java-opts S  more JVM options for the draining service (a flight recording, say)
 *   --instances N        how many instances drain it together (default 1; above 1, PostgreSQL only)
 *   --backlog DIR        H2 only: keep the backlog's file in DIR, or start from the one kept there
 * </pre>
 */
public final class OutboxDrain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKUS = 200;
    private static final int FILLERS = 16;
    private static final int W1_SKUS = 50;
    private static final int BARE_BATCH = 200;
    private static final long BUCKET_NANOS = 100_000_000;

    private OutboxDrain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path jar = options.jar();
        String rabbitMqUrl = options.rabbitMqUrl();
        int events = options.get("events", 200_000);
        int w1Clients = options.get("w1-clients", 8);
        int instances = options.get("instances", 1);
        Path jsonOut = Path.of(options.get("json", "benchmarks/target/outbox-drain.json"));
        if (events % SKUS != 0) {
            throw new IllegalArgumentException("--events must be a multiple of " + SKUS);
        }
        Path work = Files.createTempDirectory("allocation-outbox-drain-");
        String databaseUrl = options.get("database-url", "jdbc:h2:file:" + work.resolve("data/allocation"));
        String database = databaseUrl.startsWith("jdbc:h2") ? "h2" : "postgresql";
        if (instances > 1 && database.equals("h2")) {
            throw new IllegalArgumentException("--instances above 1 needs a shared database: --database-url of PostgreSQL");
        }
        Optional<Path> saved = options.has("backlog") ? Optional.of(Path.of(options.get("backlog", ""))) : Optional.empty();
        if (saved.isPresent() && !database.equals("h2")) {
            throw new IllegalArgumentException("--backlog keeps an H2 file");
        }
        boolean reuse = saved.isPresent() && Files.exists(saved.get().resolve("run"));
        String run = reuse ? Files.readString(saved.get().resolve("run")).trim() : UUID.randomUUID().toString().substring(0, 8);
        String prefix = "bench-" + run + ".";

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitMqUrl);
        try (Connection connection = factory.newConnection("outbox drain benchmark")) {
            double bare = barePublisher(connection, prefix, events);
            System.out.printf("bare publisher, batches of %d confirmed: %,.0f events a second%n", BARE_BATCH, bare);

            Map<String, String> env = new HashMap<>();
            env.put("DATABASE_URL", databaseUrl);
            env.put("BROKER_NAME_PREFIX", prefix);
            if (reuse) {
                copy(saved.get().resolve("data"), work.resolve("data"));
                System.out.printf("backlog: %,d allocations from %s%n", events, saved.get());
            } else {
                env.put("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:1/%2F");
                ServiceProcess away = ServiceProcess.start(jar, env, LoadGenerator.readmeOptions(jar), work);
                try {
                    Driver driver = new Driver(away.baseUrl());
                    fill(driver, run, events);
                    for (int s = 0; s < W1_SKUS; s++) {
                        driver.post("/add_batch", new Workload.Batch(w1Sku(run, s) + "-b", w1Sku(run, s), 1_000_000_000, null).json());
                    }
                } finally {
                    away.stop();
                }
                if (saved.isPresent()) {
                    copy(work.resolve("data"), saved.get().resolve("data"));
                    Files.writeString(saved.get().resolve("run"), run);
                }
            }

            Drain drain = new Drain(connection, prefix);
            env.put("RABBITMQ_URL", rabbitMqUrl);
            long started = System.nanoTime();
            List<String> javaOptions = new ArrayList<>(LoadGenerator.readmeOptions(jar));
            if (options.has("drain-java-opts")) {
                javaOptions.addAll(List.of(options.get("drain-java-opts", "").trim().split("\\s+")));
            }
            List<ServiceProcess> services = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    Path folder = Files.createDirectories(work.resolve("instance-" + i));
                    services.add(ServiceProcess.start(jar, env, javaOptions, i == 0 && database.equals("h2") ? work : folder));
                }
                BooleanSupplier over = () -> drain.received() >= events || System.nanoTime() - started > 600e9;
                long w1Started = System.nanoTime();
                AtomicLong w1Requests = new AtomicLong();
                AtomicInteger next = new AtomicInteger();
                Driver.onThreads(services.size(), () -> {
                    // Each instance answers its share of W1's clients.
                    int i = next.getAndIncrement();
                    Driver driver = new Driver(services.get(i).baseUrl());
                    int clients = w1Clients / services.size() + (i < w1Clients % services.size() ? 1 : 0);
                    w1Requests.addAndGet(driver.runUntil(over, clients, n -> driver.post("/allocate",
                            new Workload.Order("w1-" + run + "-" + i + "-o" + n, w1Sku(run, (int) (n % W1_SKUS)), 1).json())));
                });
                double w1Seconds = (System.nanoTime() - w1Started) / 1e9;
                while (!over.getAsBoolean()) {
                    Thread.sleep(10);
                }
                report(database, instances, events, bare, drain, w1Requests.get() / w1Seconds, started, jsonOut);
            } finally {
                for (ServiceProcess service : services) {
                    service.stop();
                }
                drain.cleanUp();
            }
        }
    }

    private static String w1Sku(String run, int s) {
        return "w1-" + run + "-" + s;
    }

    /** Copies a stopped service's H2 folder. */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Publishes {@code events} messages like the service's, persistent, in confirmed batches; returns events a second. */
    private static double barePublisher(Connection connection, String prefix, int events) throws Exception {
        String exchange = prefix + "bare";
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, false, true, null);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "#");
        AtomicInteger received = new AtomicInteger();
        channel.basicConsume(queue, true, (tag, message) -> received.incrementAndGet(), tag -> { });
        Channel publisher = connection.createChannel();
        publisher.confirmSelect();
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            String orderId = "bare-" + i;
            byte[] body = ("{\"orderid\":\"" + orderId + "\",\"sku\":\"sku-" + (i % SKUS) + "\",\"qty\":1,\"batchref\":\"sku-"
                    + (i % SKUS) + "-b\"}").getBytes(StandardCharsets.UTF_8);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(UUID.randomUUID().toString()).correlationId(UUID.randomUUID().toString())
                    .type("line_allocated").timestamp(new Date()).contentType("application/json").deliveryMode(2)
                    .headers(Map.of("causation_id", UUID.randomUUID().toString())).build();
            publisher.basicPublish(exchange, "line_allocated", false, properties, body);
            if ((i + 1) % BARE_BATCH == 0 || i + 1 == events) {
                publisher.waitForConfirmsOrDie(10_000);
            }
        }
        double rate = events / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        publisher.close();
        channel.queueDelete(queue);
        channel.close();
        return rate;
    }

    /** Allocates {@code events} lines over {@link #SKUS} SKUs, each SKU's one after another and numbered. */
    private static void fill(Driver driver, String run, int events) {
        for (int s = 0; s < SKUS; s++) {
            String sku = sku(run, s);
            driver.post("/add_batch", new Workload.Batch(sku + "-b", sku, 1_000_000_000, null).json());
        }
        long start = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger fillers = new AtomicInteger();
        Driver.onThreads(FILLERS, () -> {
            // This filler's SKUs are those with s % FILLERS == filler: each SKU's n-th line is sent once its
            // (n-1)-th is answered, so that their commits are in that order.
            int filler = fillers.getAndIncrement();
            for (int n = 0; n < events / SKUS; n++) {
                for (int s = filler; s < SKUS; s += FILLERS) {
                    String sku = sku(run, s);
                    if (driver.post("/allocate", new Workload.Order(sku + "~" + n, sku, 1).json()).status() != 201) {
                        failed.incrementAndGet();
                    }
                }
            }
        });
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " allocations of the backlog failed");
        }
        System.out.printf("backlog: %,d allocations stored with the broker away, in %.0f s%n", events, (System.nanoTime() - start) / 1e9);
    }

    private static String sku(String run, int s) {
        return "drain-" + run + "-" + s;
    }

    /** A consumer of every {@code line_allocated} of the backlog: counts them by 100 ms and checks each SKU's order. */
    private static final class Drain {
        private final Channel channel;
        private final String prefix;
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final AtomicInteger received = new AtomicInteger();
        private final Map<String, Integer> lastBySku = new ConcurrentHashMap<>();
        private final AtomicInteger outOfOrder = new AtomicInteger();
        private final AtomicReference<String> firstOutOfOrder = new AtomicReference<>();
        private final Map<Long, Integer> buckets = new ConcurrentHashMap<>();

        Drain(Connection connection, String prefix) throws Exception {
            this.prefix = prefix;
            this.channel = connection.createChannel();
            channel.exchangeDeclare(prefix + "allocation.events", BuiltinExchangeType.TOPIC, true);
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, prefix + "allocation.events", "line_allocated");
            channel.basicQos(1000);
            channel.basicConsume(queue, true, (tag, message) -> {
                long at = System.nanoTime();
                JsonNode event = JSON.readTree(message.getBody());
                String orderId = event.path("orderid").asText();
                int mark = orderId.lastIndexOf('~');
                if (mark < 0) {
                    return; // W1's, sent meanwhile
                }
                first.compareAndSet(0, at);
                last.set(at);
                received.incrementAndGet();
                buckets.merge(at / BUCKET_NANOS, 1, Integer::sum);
                int n = Integer.parseInt(orderId.substring(mark + 1));
                Integer before = lastBySku.put(event.path("sku").asText(), n);
                if (before != null && before >= n) {
                    outOfOrder.incrementAndGet();
                    firstOutOfOrder.compareAndSet(null, orderId + " after ~" + before);
                }
            }, tag -> { });
        }

        int received() {
            return received.get();
        }

        void cleanUp() throws Exception {
            BrokerNames.deleteAll(channel, prefix);
            channel.close();
        }
    }

    private static void report(String database, int instances, int events, double bare, Drain drain, double w1PerSecond,
                               long started, Path jsonOut) throws Exception {
        double seconds = (drain.last.get() - drain.first.get()) / 1e9;
        double rate = drain.received() / Math.max(seconds, 1e-9);
        System.out.printf("%s, %d instance%s: %,d of %,d events out in %.1f s from the first: %,.0f events a second, %.2fx the bare publisher;"
                        + " %s; W1 meanwhile %,.0f req/s%n",
                database, instances, instances == 1 ? "" : "s", drain.received(), events, seconds, rate, rate / bare,
                drain.outOfOrder.get() == 0 ? "every SKU's in order" : drain.outOfOrder.get() + " OUT OF ORDER, first "
                        + drain.firstOutOfOrder.get(), w1PerSecond);
        ObjectNode json = JSON.createObjectNode()
                .put("database", database).put("instances", instances).put("events", events).put("received", drain.received())
                .put("seconds", seconds).put("eventsPerSecond", rate).put("barePublisherPerSecond", bare)
                .put("ratioToBare", rate / bare).put("outOfOrder", drain.outOfOrder.get()).put("w1RequestsPerSecond", w1PerSecond);
        ArrayNode series = json.putArray("eventsPer100ms");
        long from = drain.first.get() / BUCKET_NANOS;
        long to = drain.last.get() / BUCKET_NANOS;
        for (long bucket = from; bucket <= to; bucket++) {
            series.add(drain.buckets.getOrDefault(bucket, 0));
        }
        json.put("firstEventAfterStartSeconds", (drain.first.get() - started) / 1e9);
        Files.createDirectories(jsonOut.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(jsonOut.toFile(), json);
        System.out.println("written to " + jsonOut);
        if (drain.received() != events || drain.outOfOrder.get() != 0) {
            System.exit(1);
        }
    }
}
