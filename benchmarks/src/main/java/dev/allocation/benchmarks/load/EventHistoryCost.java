package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What keeping the event history costs an allocation: the service with the history on (the default,
 * {@code EVENT_HISTORY_DAYS=30}) against the same with it off ({@code EVENT_HISTORY_DAYS=0}), each on a
 * fresh database, in turns, under W1 allocations from 8 clients over 200 SKUs. Prints each run's
 * allocations a second and the ratio of the medians, and writes them as JSON.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.EventHistoryCost [h2|pg] [rounds] [seconds]
 * </pre>
 * On {@code pg}, each run gets a schema of its own in the database of {@code POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped afterwards.
 */
public final class EventHistoryCost {

    private static final Duration WARM_UP = Duration.ofSeconds(20);

    private EventHistoryCost() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Duration measured = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 30);
        Path jar = Path.of(System.getProperty("jar", "bootstrap/target/allocation-service.jar"));
        Map<String, List<Double>> rates = new LinkedHashMap<>(Map.of("on", new ArrayList<>(), "off", new ArrayList<>()));
        System.out.printf("%-6s %-8s %14s%n", "round", "history", "allocations/s");
        for (int round = 1; round <= rounds; round++) {
            for (String history : List.of("on", "off")) {
                String days = history.equals("on") ? "30" : "0";
                double rate = database.equals("pg")
                        ? onPostgres(jar, days, measured, round)
                        : W1Rate.measure(jar, Map.of("DATABASE_URL", W1Rate.h2FileUrl("file"), "EVENT_HISTORY_DAYS", days),
                        WARM_UP, measured);
                rates.get(history).add(rate);
                System.out.printf("%-6d %-8s %14.0f%n", round, history, rate);
            }
        }
        double ratio = W1Rate.median(rates.get("on")) / W1Rate.median(rates.get("off"));
        System.out.printf("history on / off, medians: %.2f%n", ratio);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", database);
        report.put("measured_seconds", measured.toSeconds());
        report.put("allocations_per_second", rates);
        report.put("ratio_of_medians_on_to_off", ratio);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(Path.of("event-history-cost-" + database + ".json").toFile(), report);
    }

    private static double onPostgres(Path jar, String days, Duration measured, int round) throws Exception {
        String url = System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        String schema = "bench_history_" + days + "_" + round + "_" + ProcessHandle.current().pid();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        try {
            return W1Rate.measure(jar, Map.of("DATABASE_URL", url + "&currentSchema=" + schema, "EVENT_HISTORY_DAYS", days),
                    WARM_UP, measured);
        } finally {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
