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
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How fast a backlog left by a broker outage goes out, against what a bare publisher reaches.
 *
 * <ol>
 *   <li>The limit: a plain Java publisher sends as many messages as the backlog, of the same size and
 *       properties, persistent, with a confirm wait per batch, to the same RabbitMQ.</li>
 *   <li>The backlog: the jar runs while RabbitMQ refuses it, so every allocation's event stays in the
 *       outbox; each SKU's allocations are sent one after another, numbered, so that their commit order is
 *       known.</li>
 *   <li>The drain, with the real broker, as one instance or several on PostgreSQL, while W1 runs with 8
 *       clients (or as many as told, or at a steady pace), spread over the instances; its batches were
 *       added with the backlog. A consumer counts every {@code line_allocated} and checks that each SKU's
 *       arrive in their numbered order.</li>
 * </ol>
 * The outage comes in two ways. {@code restart} (the default): the backlog is made by a jar whose
 * {@code RABBITMQ_URL} is a port where nothing listens, and the drain by the jar started again on the same
 * database with the broker, so the drain runs on a JVM that has just started. {@code running}: one jar
 * lives through the outage and drains on a warm JVM, as a service does when its broker comes back; the
 * outage is its RabbitMQ user and virtual host missing until the backlog is made (see
 * {@link BrokerOutage}; needs {@code rabbitmqctl}).
 * Prints the rates and writes them, with the events received in each 100 ms, as JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.OutboxDrain [options]
 *   --jar PATH           the service (default bootstrap/target/allocation-service.jar)
 *   --rabbitmq-url URL   the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
 *   --database-url URL   DATABASE_URL for the service (default: an H2 file in a scratch folder)
 *   --events N           the backlog (default 200000)
 *   --json PATH          where the figures go (default benchmarks/target/outbox-drain.json)
 *   --w1-clients N       W1's clients during the drain (default 8; 0 for none)
 *   --w1-rate N          W1 at a steady N allocations a second in all, rather than as fast as its
 *                        clients go (default 0: as fast)
 *   --drain-java-opts S  more JVM options for the draining service (a flight recording, say)
 *   --instances N        how many instances drain it together (default 1; above 1, PostgreSQL only)
 *   --backlog DIR        H2 only: keep the backlog's file in DIR, or start from the one kept there
 *   --outage WAY         restart (default) or running, above
 * </pre>
 */
public final class OutboxDrain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKUS = 200;
    private static final int FILLERS = 16;
    private static final int W1_SKUS = 50;
    private static final int BARE_BATCH = 200;
    /** Enough senders of a paced W1 that a slow answer does not hold up the pace. */
    private static final int PACED_SENDERS = 16;
    private static final long BUCKET_NANOS = 100_000_000;

    private OutboxDrain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path jar = options.jar();
        String rabbitMqUrl = options.rabbitMqUrl();
        int events = options.get("events", 200_000);
        int w1Clients = options.get("w1-clients", 8);
        int w1Rate = options.get("w1-rate", 0);
        boolean running = switch (options.get("outage", "restart")) {
            case "restart" -> false;
            case "running" -> true;
            default -> throw new IllegalArgumentException("--outage is restart or running");
        };
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
        if (saved.isPresent() && running) {
            throw new IllegalArgumentException("--backlog keeps the file of a stopped service: --outage restart");
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
            List<String> javaOptions = options.javaOptions("drain-java-opts", jar);
            List<ServiceProcess> services = new ArrayList<>();
            try (BrokerOutage outage = new BrokerOutage(rabbitMqUrl, run)) {
                Drain drain;
                Connection observer = null;
                long started;
                if (running) {
                    // One set of services lives through the outage: the drain runs on warm JVMs.
                    env.put("RABBITMQ_URL", outage.serviceUrl());
                    startInstances(jar, env, javaOptions, work, database, instances, services);
                    backlog(new Driver(services.get(0).baseUrl()), run, events);
                    observer = outage.observer(rabbitMqUrl);
                    drain = new Drain(observer, prefix);
                    started = System.nanoTime();
                    outage.end();
                } else {
                    if (reuse) {
                        copy(saved.get().resolve("data"), work.resolve("data"));
                        System.out.printf("backlog: %,d allocations from %s%n", events, saved.get());
                    } else {
                        env.put("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:1/%2F");
                        ServiceProcess away = ServiceProcess.start(jar, env, LoadGenerator.readmeOptions(jar), work);
                        try {
                            backlog(new Driver(away.baseUrl()), run, events);
                        } finally {
                            away.stop();
                        }
                        if (saved.isPresent()) {
                            copy(work.resolve("data"), saved.get().resolve("data"));
                            Files.writeString(saved.get().resolve("run"), run);
                        }
                    }
                    drain = new Drain(connection, prefix);
                    env.put("RABBITMQ_URL", rabbitMqUrl);
                    started = System.nanoTime();
                    startInstances(jar, env, javaOptions, work, database, instances, services);
                }
                try {
                    BooleanSupplier over = () -> drain.received() >= events || System.nanoTime() - started > 600e9;
                    W1 w1 = w1(services, run, w1Clients, w1Rate, over);
                    while (!over.getAsBoolean()) {
                        Thread.sleep(10);
                    }
                    report(database, instances, running, events, bare, drain, w1, started, jsonOut);
                } finally {
                    drain.cleanUp();
                    if (observer != null) {
                        observer.close();
                    }
                }
            } finally {
                for (ServiceProcess service : services) {
                    service.stop();
                }
            }
        }
    }

    /** The backlog, and W1's batches. */
    private static void backlog(Driver driver, String run, int events) {
        fill(driver, run, events);
        for (int s = 0; s < W1_SKUS; s++) {
            driver.post("/add_batch", new Workload.Batch(w1Sku(run, s) + "-b", w1Sku(run, s), 1_000_000_000, null).json());
        }
    }

    private static void startInstances(Path jar, Map<String, String> env, List<String> javaOptions, Path work, String database,
                                       int instances, List<ServiceProcess> services) throws IOException, InterruptedException {
        for (int i = 0; i < instances; i++) {
            Path folder = Files.createDirectories(work.resolve("instance-" + i));
            services.add(ServiceProcess.start(jar, env, javaOptions, i == 0 && database.equals("h2") ? work : folder));
        }
    }

    /** Runs W1 until {@code over}: each instance answers its share of W1's clients, or of its pace. */
    private static W1 w1(List<ServiceProcess> services, String run, int clients, int rate, BooleanSupplier over) {
        long started = System.nanoTime();
        Queue<Driver.Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        Driver.onThreads(services.size(), () -> {
            int i = next.getAndIncrement();
            Driver driver = new Driver(services.get(i).baseUrl());
            Function<Long, Driver.Answer> allocate = n -> {
                Driver.Answer answer = driver.post("/allocate",
                        new Workload.Order("w1-" + run + "-" + i + "-o" + n, w1Sku(run, (int) (n % W1_SKUS)), 1).json());
                answers.add(answer);
                return answer;
            };
            if (rate > 0) {
                Driver.paced(share(rate, services.size(), i), PACED_SENDERS, n -> !over.getAsBoolean(), allocate::apply);
            } else {
                driver.runUntil(over, share(clients, services.size(), i), allocate);
            }
        });
        return new W1(List.copyOf(answers), (System.nanoTime() - started) / 1e9, rate);
    }

    private static int share(int total, int parts, int part) {
        return total / parts + (part < total % parts ? 1 : 0);
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

    /** W1's answers during the drain: how many a second, how fast, and how many were not a 201. */
    private record W1(List<Driver.Answer> answers, double seconds, int pace) {

        double perSecond() {
            return answers.size() / seconds;
        }

        long failed() {
            return answers.stream().filter(answer -> answer.status() != 201).count();
        }

        double millis(double percentile) {
            long[] sorted = answers.stream().mapToLong(Driver.Answer::nanos).sorted().toArray();
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(percentile * sorted.length))] / 1e6;
        }
    }

    private static void report(String database, int instances, boolean running, int events, double bare, Drain drain, W1 w1,
                               long started, Path jsonOut) throws Exception {
        double seconds = (drain.last.get() - drain.first.get()) / 1e9;
        double rate = drain.received() / Math.max(seconds, 1e-9);
        System.out.printf("%s, %d instance%s%s: %,d of %,d events out in %.1f s from the first: %,.0f events a second, %.2fx the bare publisher;"
                        + " %s; W1 meanwhile%s %,.0f req/s, p50 %.1f ms, p99 %.1f ms, %d not 201%n",
                database, instances, instances == 1 ? "" : "s", running ? " through the outage" : " restarted", drain.received(), events, seconds, rate, rate / bare,
                drain.outOfOrder.get() == 0 ? "every SKU's in order" : drain.outOfOrder.get() + " OUT OF ORDER, first "
                        + drain.firstOutOfOrder.get(), w1.pace() > 0 ? " (paced at " + w1.pace() + " a second)" : "",
                w1.perSecond(), w1.millis(0.5), w1.millis(0.99), w1.failed());
        ObjectNode json = JSON.createObjectNode()
                .put("database", database).put("instances", instances).put("outage", running ? "running" : "restart").put("events", events).put("received", drain.received())
                .put("seconds", seconds).put("eventsPerSecond", rate).put("barePublisherPerSecond", bare)
                .put("ratioToBare", rate / bare).put("outOfOrder", drain.outOfOrder.get())
                .put("w1PacePerSecond", w1.pace()).put("w1RequestsPerSecond", w1.perSecond())
                .put("w1P50Millis", w1.millis(0.5)).put("w1P99Millis", w1.millis(0.99)).put("w1NotCreated", w1.failed());
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
