package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How long waiting lines take to be allocated once stock arrives: N lines of 1 wait for a SKU (sent
 * with {@code "backorder": true} by 8 clients), then one {@code POST /add_batch} brings N, and the clock
 * runs from sending it to {@code GET /products/{sku}} showing no line waiting. It also times
 * allocations of another SKU while the lines wait, so that their cost to an allocation shows: none
 * should be read.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.BackorderFill [options]
 *   --jar PATH            the service (default bootstrap/target/allocation-service.jar)
 *   --database-url URL    default: an H2 file in a fresh folder; a PostgreSQL URL is used as it is
 *   --lines N             waiting lines (default 10000)
 *   --rounds N            fills, each on a fresh SKU in the same JVM (default 3)
 * </pre>
 */
public final class BackorderFill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;

    private BackorderFill() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        Path jar = options.jar();
        int lines = options.get("lines", 10_000);
        int rounds = options.get("rounds", 3);
        Path folder = Files.createTempDirectory("backorder-fill");
        Map<String, String> env = new HashMap<>();
        String databaseUrl = options.get("database-url", null);
        env.put("DATABASE_URL", databaseUrl != null ? databaseUrl : "jdbc:h2:file:" + folder.resolve("allocation"));
        ServiceProcess service = ServiceProcess.start(jar, env, List.of("-Xmx512m"), folder);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            String base = service.baseUrl();
            String other = "OTHER-" + UUID.randomUUID();
            post(http, base + "/add_batch", "{\"ref\":\"" + other + "\",\"sku\":\"" + other + "\",\"qty\":1000000000}", 201);
            double[] fills = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                String sku = "FILL-" + UUID.randomUUID();
                post(http, base + "/add_batch", "{\"ref\":\"" + sku + "-first\",\"sku\":\"" + sku + "\",\"qty\":1}", 201);
                post(http, base + "/allocate", "{\"orderid\":\"holder\",\"sku\":\"" + sku + "\",\"qty\":1}", 201);
                double before = allocateMillis(http, clients, base, other, 2_000);
                long queued = System.nanoTime();
                run(clients, lines, i -> post(http, base + "/allocate",
                        "{\"orderid\":\"w" + i + "\",\"sku\":\"" + sku + "\",\"qty\":1,\"backorder\":true}", 202));
                double queueSeconds = (System.nanoTime() - queued) / 1e9;
                double during = allocateMillis(http, clients, base, other, 2_000);

                long sent = System.nanoTime();
                post(http, base + "/add_batch", "{\"ref\":\"" + sku + "-restock\",\"sku\":\"" + sku + "\",\"qty\":" + lines + "}", 201);
                double answered = (System.nanoTime() - sent) / 1e6;
                while (waiting(http, base, sku) > 0) {
                    Thread.sleep(2);
                }
                fills[round] = (System.nanoTime() - sent) / 1e6;
                System.out.printf("round %d: %,d lines waited (queued in %.1f s); the batch's answer %.0f ms, the last line"
                                + " allocated %.0f ms after sending it (%,.0f lines/s); allocations of another SKU %.2f ms"
                                + " before, %.2f ms with the lines waiting (mean of 2,000 from 8 clients)%n",
                        round + 1, lines, queueSeconds, answered, fills[round], lines / (fills[round] / 1e3), before, during);
            }
            double[] sorted = fills.clone();
            Arrays.sort(sorted);
            System.out.printf("%s, %,d waiting lines: from POST /add_batch to none waiting, median %.0f ms of %d%n",
                    databaseUrl == null ? "H2" : "PostgreSQL", lines, sorted[sorted.length / 2], rounds);
        } finally {
            clients.shutdownNow();
            service.stop();
        }
    }

    /** The mean time of {@code count} allocations of one line each, from 8 clients. */
    private static double allocateMillis(HttpClient http, ExecutorService clients, String base, String sku, int count)
            throws Exception {
        String run = UUID.randomUUID().toString();
        long started = System.nanoTime();
        run(clients, count, i -> post(http, base + "/allocate",
                "{\"orderid\":\"" + run + "-" + i + "\",\"sku\":\"" + sku + "\",\"qty\":1}", 201));
        return (System.nanoTime() - started) / 1e6 * CLIENTS / count;
    }

    private interface Call {
        void call(int i) throws Exception;
    }

    private static void run(ExecutorService clients, int count, Call call) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                for (int i = client; i < count; i += CLIENTS) {
                    call.call(i);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
    }

    private static int waiting(HttpClient http, String base, String sku) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/products/" + sku)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        return body.path("backordered").path("lines").asInt();
    }

    private static void post(HttpClient http, String url, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " " + body + " answered " + response.statusCode() + " " + response.body());
        }
    }
}
