package dev.allocation.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Resident memory of the service under allocations at full speed: starts the jar as the README
 * runs it, sends allocations from 8 clients over 200 SKUs for the given minutes, and prints the
 * resident set every 30 s. With {@code --nmt} the JVM tracks its native memory, and a summary from
 * the start and the end is written beside the report, to see which part grows.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.MemorySoak [minutes] [--nmt] [--java-opts "..."]
 * </pre>
 */
public final class MemorySoak {

    private static final Duration SAMPLE = Duration.ofSeconds(30);
    private static final int SKUS = 200;

    private MemorySoak() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        boolean nmt = arguments.remove("--nmt");
        List<String> javaOptions = new ArrayList<>(LoadGenerator.readmeOptions(Path.of("bootstrap/target/allocation-service.jar")));
        int at = arguments.indexOf("--java-opts");
        if (at >= 0) {
            javaOptions.addAll(Arrays.asList(arguments.get(at + 1).trim().split("\\s+")));
            arguments.subList(at, at + 2).clear();
        }
        if (nmt) {
            javaOptions.add("-XX:NativeMemoryTracking=summary");
        }
        int minutes = arguments.isEmpty() ? 10 : Integer.parseInt(arguments.get(0));
        Path work = Files.createTempDirectory("allocation-soak-");
        Path jar = Path.of("bootstrap/target/allocation-service.jar");
        System.out.println("starting " + jar + " with " + javaOptions);
        ServiceProcess service = ServiceProcess.start(jar,
                Map.of("DATABASE_URL", "jdbc:h2:file:" + work.resolve("data/allocation")), javaOptions, work);
        try {
            Driver driver = new Driver(service.baseUrl());
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int s = 0; s < SKUS; s++) {
                driver.post("/add_batch", new Workload.Batch(run + "-b" + s, run + "-SKU-" + s, 1_000_000_000, null).json());
            }
            if (nmt) {
                nativeMemory(service, work.resolve("nmt-start.txt"));
            }
            System.out.printf("%8s %12s %14s%n", "elapsed", "resident MiB", "allocations/s");
            System.out.printf("%8s %12.0f %14s%n", "0:00", service.residentMiB(), "-");
            long total = 0;
            double peak = 0;
            List<Double> samples = new ArrayList<>();
            for (long elapsed = SAMPLE.toSeconds(); elapsed <= minutes * 60L; elapsed += SAMPLE.toSeconds()) {
                long offset = total;
                long sent = driver.runFor(SAMPLE, 8, n -> driver.post("/allocate",
                        new Workload.Order(run + "-o" + (offset + n), run + "-SKU-" + ((offset + n) % SKUS), 1).json()));
                total += sent;
                double rss = service.residentMiB();
                samples.add(rss);
                peak = Math.max(peak, rss);
                System.out.printf("%5d:%02d %12.0f %14.0f%n", elapsed / 60, elapsed % 60, rss, sent / (double) SAMPLE.toSeconds());
            }
            int half = samples.size() / 2;
            double firstHalfPeak = samples.subList(0, half).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double secondHalfPeak = samples.subList(half, samples.size()).stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf("%,d allocations; peak %.0f MiB; peak of the first half %.0f MiB, of the second %.0f MiB (%+.1f%%)%n",
                    total, peak, firstHalfPeak, secondHalfPeak, 100 * (secondHalfPeak - firstHalfPeak) / firstHalfPeak);
            if (nmt) {
                nativeMemory(service, work.resolve("nmt-end.txt"));
                System.out.println("native memory summaries: " + work.resolve("nmt-start.txt") + ", " + work.resolve("nmt-end.txt"));
            }
        } finally {
            service.stop();
        }
    }

    private static void nativeMemory(ServiceProcess service, Path out) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()), "VM.native_memory", "summary")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        jcmd.waitFor();
    }
}
