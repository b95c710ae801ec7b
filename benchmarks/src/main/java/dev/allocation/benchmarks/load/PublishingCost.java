package dev.allocation.benchmarks.load;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What publishing to RabbitMQ costs the HTTP path: W1 with 8 clients against the jar without a broker
 * and with {@code RABBITMQ_URL}, alternately in the same run (each in a fresh JVM on a fresh H2 file,
 * after the same warm-up, then three timed runs), and how long an allocation takes to reach a consumer of
 * {@code allocation.events}: from its 201 arriving at the client to its {@code line_allocated}
 * arriving at a consumer (the commit is before the 201, the broker's confirm before the delivery).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.PublishingCost [options]
 *   --jar PATH           the service (default bootstrap/target/allocation-service.jar)
 *   --rabbitmq-url URL   the broker (default amqp://guest:guest@127.0.0.1:5672/%2F)
 *   --rounds N           pairs of runs (default 3)
 *   --warmup SECONDS     allocations from 8 clients before timing, in each JVM (default 30)
 * </pre>
 */
public final class PublishingCost {

    /** Timed runs in each JVM: a 5,000-request run is short, and one alone is noisy. */
    private static final int REPEATS = 3;

    private PublishingCost() {
    }

    /** One timed run; lags only with the broker. */
    private record Run(boolean broker, double requestsPerSecond, long[] lagNanos, int published, int allocated) {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path jar = options.jar();
        String rabbitMqUrl = options.rabbitMqUrl();
        int rounds = options.get("rounds", 3);
        Duration warmup = Duration.ofSeconds(options.get("warmup", 30));

        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            // Alternate which goes first, so that a machine slowing down over the run favours neither.
            List<Boolean> order = round % 2 == 1 ? List.of(false, true) : List.of(true, false);
            for (boolean broker : order) {
                for (Run run : runs(jar, broker ? rabbitMqUrl : null, warmup, round)) {
                    runs.add(run);
                    System.out.printf("round %d %-11s %,7.0f req/s%s%n", round, broker ? "RabbitMQ" : "no broker",
                            run.requestsPerSecond(), broker ? String.format("  published %,d of %,d allocations",
                                    run.published(), run.allocated()) : "");
                }
            }
        }

        double without = median(runs.stream().filter(r -> !r.broker()).mapToDouble(Run::requestsPerSecond).toArray());
        double with = median(runs.stream().filter(Run::broker).mapToDouble(Run::requestsPerSecond).toArray());
        long[] lags = runs.stream().filter(Run::broker).flatMapToLong(r -> Arrays.stream(r.lagNanos())).sorted().toArray();
        boolean allPublished = runs.stream().filter(Run::broker).allMatch(r -> r.published() == r.allocated());
        System.out.println();
        System.out.printf("W1, 8 clients, medians of %d runs each: no broker %,.0f req/s, RabbitMQ %,.0f req/s: ratio %.2f%n",
                rounds * REPEATS, without, with, with / without);
        System.out.printf("from the 201 to a consumer's line_allocated, %,d allocations: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                lags.length, percentile(lags, 0.50) / 1e6, percentile(lags, 0.99) / 1e6, lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
        System.out.println(allPublished ? "every allocation was published" : "SOME ALLOCATIONS WERE NOT PUBLISHED");
        System.exit(allPublished ? 0 : 1);
    }

    /** One JVM, warmed up, then {@link #REPEATS} timed runs of W1. */
    private static List<Run> runs(Path jar, String rabbitMqUrl, Duration warmup, int round) throws Exception {
        Path work = Files.createTempDirectory("allocation-publishing-");
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:h2:file:" + work.resolve("data/allocation"));
        Connection connection = null;
        Map<String, Long> consumed = new ConcurrentHashMap<>();
        if (rabbitMqUrl != null) {
            env.put("RABBITMQ_URL", rabbitMqUrl);
            env.put("BROKER_NAME_PREFIX", prefix);
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(rabbitMqUrl);
            connection = factory.newConnection("publishing benchmark");
            BrokerNames.recordArrivals(connection.createChannel(), prefix, consumed);
        }
        ServiceProcess service = ServiceProcess.start(jar, env, LoadGenerator.readmeOptions(jar), work);
        try {
            Driver driver = new Driver(service.baseUrl());
            String sku = "warm-" + round;
            driver.post("/add_batch", new Workload.Batch(sku + "-b", sku, 1_000_000_000, null).json());
            driver.runFor(warmup, 8, n -> driver.post("/allocate", new Workload.Order(sku + "-o" + n, sku, 1).json()));
            List<Run> runs = new ArrayList<>();
            for (int repeat = 1; repeat <= REPEATS; repeat++) {
                runs.add(timed(driver, Workload.w1("r" + round + "-" + repeat, 8, 42 + repeat), rabbitMqUrl != null, consumed));
            }
            return runs;
        } finally {
            service.stop();
            if (connection != null) {
                try (Channel channel = connection.createChannel()) {
                    BrokerNames.deleteAll(channel, prefix);
                }
                connection.close();
            }
        }
    }

    private static Run timed(Driver driver, Workload workload, boolean broker, Map<String, Long> consumed) throws InterruptedException {
        driver.run(workload.batches(), workload.clients(), b -> driver.post("/add_batch", b.json()));
        long start = System.nanoTime();
        List<Driver.Answer> answers = driver.run(workload.orders(), workload.clients(), o -> driver.post("/allocate", o.json()));
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> lags = new ArrayList<>();
        int allocated = 0;
        int published = 0;
        if (broker) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).status() != 201) {
                    continue;
                }
                allocated++;
                String orderId = workload.orders().get(i).orderId();
                while (!consumed.containsKey(orderId) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                Long at = consumed.get(orderId);
                if (at != null) {
                    published++;
                    lags.add(Math.max(0, at - answers.get(i).arrived()));
                }
            }
        }
        return new Run(broker, answers.size() / seconds, lags.stream().mapToLong(Long::longValue).toArray(), published, allocated);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
