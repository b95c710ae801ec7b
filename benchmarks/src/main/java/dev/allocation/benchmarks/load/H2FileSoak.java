package dev.allocation.benchmarks.load;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded H2 file under sustained load: starts the jar as the README runs it, sends W1
 * allocations from 8 clients over 200 SKUs at full speed for the given minutes, and prints each
 * minute's throughput and the file's size. Then it kills the service (kill -9), starts it again on
 * the same file and prints how long that took to answer, and stops it cleanly and prints the size
 * the file is left at.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.H2FileSoak [minutes] [";SETTING=value..."]
 * </pre>
 * The second argument is appended to the database URL, to compare H2 settings; {@code -Djar=...}
 * runs another build of the service, and {@code -DEVENT_HISTORY_DAYS=...} sets its retention of the
 * event history (0.002 days, about three minutes, shows the history bounded within the run). At the
 * end it prints how many rows the file's main tables hold, and the file's size once H2 has copied its
 * live data into a new one ({@code SHUTDOWN COMPACT}).
 */
public final class H2FileSoak {

    private static final int SKUS = 200;
    private static final int CLIENTS = 8;

    private H2FileSoak() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length == 0 ? 10 : Integer.parseInt(args[0]);
        Path jar = Path.of(System.getProperty("jar", "bootstrap/target/allocation-service.jar"));
        List<String> javaOptions = LoadGenerator.readmeOptions(jar);
        Path work = Files.createTempDirectory("allocation-h2-soak-");
        String settings = args.length > 1 ? args[1] : "";
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", "jdbc:h2:file:" + work.resolve("data/allocation") + settings));
        String historyDays = System.getProperty("EVENT_HISTORY_DAYS");
        if (historyDays != null) {
            env.put("EVENT_HISTORY_DAYS", historyDays);
        }
        System.out.println(env);
        Path file = work.resolve("data/allocation.mv.db");
        ServiceProcess service = ServiceProcess.start(jar, env, javaOptions, work);
        try {
            Driver driver = new Driver(service.baseUrl());
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int s = 0; s < SKUS; s++) {
                driver.post("/add_batch", new Workload.Batch(run + "-b" + s, run + "-SKU-" + s, 1_000_000_000, null).json());
            }
            System.out.printf("%6s %14s %10s%n", "minute", "allocations/s", "file MiB");
            long total = 0;
            for (int minute = 1; minute <= minutes; minute++) {
                long offset = total;
                long sent = driver.runFor(Duration.ofMinutes(1), CLIENTS, n -> driver.post("/allocate",
                        new Workload.Order(run + "-o" + (offset + n), run + "-SKU-" + ((offset + n) % SKUS), 1).json()));
                total += sent;
                System.out.printf("%6d %14.0f %10.0f%n", minute, sent / 60.0, Files.size(file) / 1048576.0);
            }
            System.out.printf("%,d allocations%n", total);
            service.kill();
            System.out.printf("after kill -9: file %.0f MiB%n", Files.size(file) / 1048576.0);
            service = ServiceProcess.start(jar, env, javaOptions, work);
            System.out.printf("restart after kill -9: answered in %d ms (JVM start included)%n", service.startMillis());
            Driver again = new Driver(service.baseUrl());
            again.post("/allocate", new Workload.Order(run + "-after", run + "-SKU-0", 1).json());
        } finally {
            long stopping = System.nanoTime();
            service.stop();
            System.out.printf("clean stop in %d ms: file %.0f MiB%n", (System.nanoTime() - stopping) / 1_000_000,
                    Files.size(file) / 1048576.0);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("data/allocation") + settings, "sa", "");
             Statement statement = connection.createStatement()) {
            for (String table : List.of("allocations", "event_history", "event_deliveries", "outgoing_publications")) {
                try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rows.next();
                    System.out.printf("%s: %,d rows%n", table, rows.getLong(1));
                }
            }
            // Copies the live data into a new file: what no clean stop can go below.
            long compacting = System.nanoTime();
            statement.execute("SHUTDOWN COMPACT");
            System.out.printf("SHUTDOWN COMPACT in %d ms: file %.0f MiB (the live data)%n",
                    (System.nanoTime() - compacting) / 1_000_000, Files.size(file) / 1048576.0);
        }
    }
}
