package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long an event takes to leave through the outbox at a steady, moderate rate: allocations are sent
 * at a fixed pace (by default 200 a second, spread over 50 SKUs), whatever the answers' speed, and a
 * consumer of {@code allocation.events} notes when each {@code line_allocated} arrives. The lag runs
 * from the 201 arriving at the client to the event arriving at the consumer; an event that arrives
 * before its 201 counts as 0. Prints the percentiles and writes them as JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.OutboxLag [options]
 *   --jar PATH           the service (default bootstrap/target/allocation-service.jar)
 *   --rabbitmq-url URL   the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
 *   --database-url URL   DATABASE_URL for the service (default: an H2 file in a scratch folder)
 *   --rate N             allocations a second (default 200)
 *   --warmup SECONDS     paced allocations before timing (default 20)
 *   --seconds N          timed seconds (default 60)
 *   --json PATH          where the figures go (default benchmarks/target/outbox-lag.json)
 *   --java-opts S        more JVM options for the service, after the README's (a garbage collector, say)
 * </pre>
 */
public final class OutboxLag {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKUS = 50;
    /** Enough senders that a slow answer never holds up the pace. */
    private static final int SENDERS = 32;

    private OutboxLag() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path jar = options.jar();
        String rabbitMqUrl = options.rabbitMqUrl();
        int rate = options.get("rate", 200);
        int warmup = options.get("warmup", 20);
        int seconds = options.get("seconds", 60);
        Path jsonOut = Path.of(options.get("json", "benchmarks/target/outbox-lag.json"));

        Path work = Files.createTempDirectory("allocation-outbox-lag-");
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", options.get("database-url", "jdbc:h2:file:" + work.resolve("data/allocation")));
        env.put("RABBITMQ_URL", rabbitMqUrl);
        env.put("BROKER_NAME_PREFIX", prefix);

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitMqUrl);
        Map<String, Long> consumed = new ConcurrentHashMap<>();
        try (Connection connection = factory.newConnection("outbox lag benchmark")) {
            BrokerNames.recordArrivals(connection.createChannel(), prefix, consumed);

            ServiceProcess service = ServiceProcess.start(jar, env, options.javaOptions("java-opts", jar), work);
            try {
                Driver driver = new Driver(service.baseUrl());
                String run = UUID.randomUUID().toString().substring(0, 8);
                for (int s = 0; s < SKUS; s++) {
                    String sku = "lag-" + run + "-" + s;
                    driver.post("/add_batch", new Workload.Batch(sku + "-b", sku, 1_000_000_000, null).json());
                }
                System.out.printf("warming up: %d s at %d allocations a second%n", warmup, rate);
                paced(driver, run, "w", rate, warmup * rate);
                System.out.printf("timing: %d s at %d allocations a second%n", seconds, rate);
                List<String> orders = new ArrayList<>();
                List<Driver.Answer> answers = paced(driver, run, "t", rate, seconds * rate);
                for (int i = 0; i < answers.size(); i++) {
                    orders.add("t-" + run + "-" + i);
                }
                report(orders, answers, consumed, rate, seconds, env.get("DATABASE_URL").startsWith("jdbc:h2") ? "h2" : "postgresql", jsonOut);
            } finally {
                service.stop();
                try (Channel cleanup = connection.createChannel()) {
                    BrokerNames.deleteAll(cleanup, prefix);
                }
            }
        }
    }

    /** Sends {@code count} allocations, the i-th at {@code i / rate} seconds from now. */
    private static List<Driver.Answer> paced(Driver driver, String run, String kind, int rate, int count) {
        Driver.Answer[] answers = new Driver.Answer[count];
        Driver.paced(rate, SENDERS, n -> n < count, n -> {
            int i = (int) n;
            String sku = "lag-" + run + "-" + (i % SKUS);
            answers[i] = driver.post("/allocate", new Workload.Order(kind + "-" + run + "-" + i, sku, 1).json());
        });
        return List.of(answers);
    }

    private static void report(List<String> orders, List<Driver.Answer> answers, Map<String, Long> consumed, int rate,
                               int seconds, String database, Path jsonOut) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Long> lags = new ArrayList<>();
        int allocated = 0;
        int early = 0;
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() != 201) {
                continue;
            }
            allocated++;
            while (!consumed.containsKey(orders.get(i)) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Long at = consumed.get(orders.get(i));
            if (at != null) {
                long lag = at - answers.get(i).arrived();
                early += lag < 0 ? 1 : 0;
                lags.add(Math.max(0, lag));
            }
        }
        long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = percentile(sorted, 0.50) / 1e6;
        double p90 = percentile(sorted, 0.90) / 1e6;
        double p99 = percentile(sorted, 0.99) / 1e6;
        double p999 = percentile(sorted, 0.999) / 1e6;
        double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
        System.out.printf("%s, %d allocations a second for %d s: %,d answered 201, %,d published (%,d before their 201)%n",
                database, rate, seconds, allocated, sorted.length, early);
        System.out.printf("from the 201 to a consumer's line_allocated: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                p50, p90, p99, p999, max);
        ObjectNode json = JSON.createObjectNode()
                .put("database", database).put("rate", rate).put("seconds", seconds)
                .put("allocated", allocated).put("published", sorted.length).put("before_201", early)
                .put("p50_ms", p50).put("p90_ms", p90).put("p99_ms", p99).put("p999_ms", p999).put("max_ms", max);
        Files.createDirectories(jsonOut.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(jsonOut.toFile(), json);
        System.out.println("written to " + jsonOut);
        if (sorted.length != allocated) {
            System.out.println("SOME ALLOCATIONS WERE NOT PUBLISHED");
            System.exit(1);
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
