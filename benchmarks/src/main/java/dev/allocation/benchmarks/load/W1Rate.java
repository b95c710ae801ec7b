package dev.allocation.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How many W1 allocations a second a freshly started service takes: 8 clients over 200 SKUs, each
 * order new, after a warm-up. What the benchmarks that compare two settings in turns measure.
 */
final class W1Rate {

    private static final int SKUS = 200;
    private static final int CLIENTS = 8;

    private W1Rate() {
    }

    /** Starts the jar as the README runs it, in a fresh folder, with {@code env}; measures; stops it. */
    static double measure(Path jar, Map<String, String> env, Duration warmUp, Duration measured) throws Exception {
        Path work = Files.createTempDirectory("allocation-w1-rate-");
        ServiceProcess service = ServiceProcess.start(jar, env, LoadGenerator.readmeOptions(jar), work);
        try {
            Driver driver = new Driver(service.baseUrl());
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int s = 0; s < SKUS; s++) {
                driver.post("/add_batch", new Workload.Batch(run + "-b" + s, run + "-SKU-" + s, 1_000_000_000, null).json());
            }
            driver.runFor(warmUp, CLIENTS, n -> driver.post("/allocate",
                    new Workload.Order(run + "-w" + n, run + "-SKU-" + (n % SKUS), 1).json()));
            long sent = driver.runFor(measured, CLIENTS, n -> driver.post("/allocate",
                    new Workload.Order(run + "-o" + n, run + "-SKU-" + (n % SKUS), 1).json()));
            return sent / (double) measured.toSeconds();
        } finally {
            service.stop();
        }
    }

    /** The folder a run's H2 file goes in: beside where the service runs. */
    static String h2FileUrl(String fileSystem) throws Exception {
        return "jdbc:h2:" + fileSystem + ":" + Files.createTempDirectory("allocation-w1-data-").resolve("allocation");
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
