package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tracing costs an allocation: the service exporting every span over OTLP (to a collector this
 * benchmark plays, which takes each export and drops it) against the same with tracing off (no
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, the default), each on a fresh H2 file, in turns (each first in
 * every other round), under W1
 * allocations from 8 clients over 200 SKUs. Prints each run's allocations a second, the spans'
 * bytes exported, and the ratio of the medians, and writes them as JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.TracingCost [rounds] [seconds]
 * </pre>
 */
public final class TracingCost {

    private static final Duration WARM_UP = Duration.ofSeconds(20);

    private TracingCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 30);
        Path jar = Path.of(System.getProperty("jar", "bootstrap/target/allocation-service.jar"));
        AtomicLong exported = new AtomicLong();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exported.addAndGet(body.readAllBytes().length);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        Map<String, List<Double>> rates = new LinkedHashMap<>(Map.of("exporting", new ArrayList<>(), "off", new ArrayList<>()));
        System.out.printf("%-6s %-10s %14s %16s%n", "round", "tracing", "allocations/s", "exported MiB");
        try {
            for (int round = 1; round <= rounds; round++) {
                // Each goes first in every other round, so that neither always meets the colder machine.
                for (String tracing : round % 2 == 1 ? List.of("exporting", "off") : List.of("off", "exporting")) {
                    Map<String, String> env = new LinkedHashMap<>(Map.of("DATABASE_URL", W1Rate.h2FileUrl("file")));
                    if (tracing.equals("exporting")) {
                        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
                        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
                    }
                    long before = exported.get();
                    double rate = W1Rate.measure(jar, env, WARM_UP, measured);
                    rates.get(tracing).add(rate);
                    System.out.printf("%-6d %-10s %14.0f %16.1f%n", round, tracing, rate, (exported.get() - before) / 1048576.0);
                }
            }
        } finally {
            collector.stop(0);
        }
        double ratio = W1Rate.median(rates.get("exporting")) / W1Rate.median(rates.get("off"));
        System.out.printf("tracing exporting / off, medians: %.2f%n", ratio);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("measured_seconds", measured.toSeconds());
        report.put("allocations_per_second", rates);
        report.put("ratio_of_medians_exporting_to_off", ratio);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of("tracing-cost.json").toFile(), report);
    }
}
