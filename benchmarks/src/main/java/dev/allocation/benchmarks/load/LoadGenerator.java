package dev.allocation.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives a running allocation service with fixed, seeded workloads, prints one table, writes the
 * same figures as JSON, and checks over HTTP alone that every answer was kept. Exits 1 on any breach.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.LoadGenerator [options]
 *   --jar PATH             start the service from this jar (default bootstrap/target/allocation-service.jar)
 *   --url URL              drive a service that is already running instead
 *   --database-url URL     the service's DATABASE_URL when started here (default: a new H2 file)
 *   --database-user NAME   its DATABASE_USER
 *   --group-commit BOOL    its DATABASE_GROUP_COMMIT (default true), to compare with one commit per request
 *   --java-opts "..."      more JVM options for the started service, after those the README runs it
 *                          with (-Xmx192m, and the class-data archive beside the jar when there is one)
 *   --workloads W1,W2,W3   which workloads (default all)
 *   --runs N               timed runs of each workload; the median is reported (default 3)
 *   --warmup SECONDS       allocations from 8 clients before timing (default 45)
 *   --seed N               random seed of the workloads (default 42)
 *   --json PATH            where to write the figures (default load-report.json)
 *   --smoke                W3 at small size once, no warm-up: a quick correctness check
 * </pre>
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        boolean smoke = options.containsKey("smoke");
        int runs = smoke ? 1 : Integer.parseInt(options.getOrDefault("runs", "3"));
        int warmup = smoke ? 0 : Integer.parseInt(options.getOrDefault("warmup", "45"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        List<String> workloads = smoke ? List.of("W3") : Arrays.asList(options.getOrDefault("workloads", "W1,W2,W3").split(","));
        Path jsonOut = Path.of(options.getOrDefault("json", "load-report.json"));

        ServiceProcess service = null;
        String base = options.get("url");
        Path work = Files.createTempDirectory("allocation-load-");
        if (base == null) {
            Map<String, String> env = new HashMap<>();
            env.put("DATABASE_URL", options.getOrDefault("database-url", "jdbc:h2:file:" + work.resolve("data/allocation")));
            if (options.containsKey("database-user")) {
                env.put("DATABASE_USER", options.get("database-user"));
            }
            env.put("DATABASE_GROUP_COMMIT", options.getOrDefault("group-commit", "true"));
            Path jar = Path.of(options.getOrDefault("jar", "bootstrap/target/allocation-service.jar"));
            List<String> javaOptions = new BenchmarkOptions(options).javaOptions("java-opts", jar);
            System.out.println("starting " + jar + " with " + javaOptions);
            service = ServiceProcess.start(jar, env, javaOptions, work);
            base = service.baseUrl();
            System.out.printf("service started from the jar; first successful request after %d ms%n", service.startMillis());
        }
        Driver driver = new Driver(base);
        String runId = UUID.randomUUID().toString().substring(0, 8);

        if (warmup > 0) {
            System.out.printf("warming up for %d s with 8 clients...%n", warmup);
            warmUp(driver, runId, Duration.ofSeconds(warmup));
        }

        List<RunResult> results = new ArrayList<>();
        for (String name : workloads) {
            for (int run = 1; run <= runs; run++) {
                String prefix = runId + "-r" + run;
                List<Workload> variants = switch (name.trim()) {
                    case "W1" -> List.of(Workload.w1(prefix, 1, seed), Workload.w1(prefix, 8, seed), Workload.w1(prefix, 64, seed));
                    case "W2" -> List.of(Workload.w2(prefix, seed));
                    case "W3" -> List.of(smoke ? Workload.w3("W3-smoke", prefix, 10, 100) : Workload.w3("W3", prefix, 100, 1_000));
                    default -> throw new IllegalArgumentException("unknown workload " + name);
                };
                for (Workload workload : variants) {
                    RunResult result = execute(driver, workload, run);
                    results.add(result);
                    System.out.println(row(result));
                }
            }
        }

        Double rss = service == null ? null : service.residentMiB();
        Path h2File = work.resolve("data/allocation.mv.db");
        if (Files.exists(h2File)) {
            System.out.printf("H2 file at the end of the load: %.0f MiB%n", Files.size(h2File) / 1048576.0);
        }
        Long startMillis = service == null ? null : service.startMillis();
        print(results, rss, startMillis, base);
        write(jsonOut, results, rss, startMillis, base, options);
        if (service != null) {
            service.stop();
        }
        boolean ok = results.stream().allMatch(RunResult::ok);
        System.out.println(ok ? "correctness: every check passed" : "correctness: BREACHES, see above");
        System.exit(ok ? 0 : 1);
    }

    /** The JVM options of the README's run command. */
    static List<String> readmeOptions(Path jar) {
        List<String> options = new ArrayList<>(List.of("-Xmx192m"));
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceAll("\\.jar$", ".jsa"));
        if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
        }
        return options;
    }

    private static RunResult execute(Driver driver, Workload workload, int run) {
        List<Driver.Answer> added = driver.run(workload.batches(), workload.clients(), b -> driver.post("/add_batch", b.json()));
        List<String> setupFailures = new ArrayList<>();
        for (int i = 0; i < added.size(); i++) {
            if (added.get(i).status() != 201) {
                setupFailures.add("add_batch " + workload.batches().get(i).ref() + " answered " + added.get(i).status() + " " + added.get(i).body());
            }
        }
        long start = System.nanoTime();
        List<Driver.Answer> answers = driver.run(workload.orders(), workload.clients(), o -> driver.post("/allocate", o.json()));
        long wall = System.nanoTime() - start;
        List<String> breaches = new ArrayList<>(setupFailures);
        breaches.addAll(Correctness.check(driver, workload, answers));
        return RunResult.of(workload.name(), run, workload.clients(), answers, wall, breaches);
    }

    /** Allocations on SKUs of their own, so the JIT and the database caches are warm before timing. */
    private static void warmUp(Driver driver, String runId, Duration duration) {
        String sku = runId + "-WARM";
        for (int b = 0; b < 3; b++) {
            driver.post("/add_batch", new Workload.Batch(sku + "-b" + b, sku + (b % 3), 1_000_000_000, null).json());
        }
        long sent = driver.runFor(duration, 8, n -> driver.post("/allocate",
                new Workload.Order(runId + "-warm-" + n, sku + (n % 3), 1).json()));
        System.out.printf("warm-up sent %,d allocations%n", sent);
    }

    private static String row(RunResult r) {
        return String.format("%-9s %4d %7d %6d %9.0f %8.2f %8.2f %8.1f  %-26s %s",
                r.workload(), r.run(), r.clients(), r.requests(), r.requestsPerSecond(), r.p50Millis(), r.p99Millis(),
                r.maxMillis(), r.statuses(), r.ok() ? "ok" : "BREACH: " + String.join("; ", r.breaches().subList(0, Math.min(5, r.breaches().size()))));
    }

    private static void print(List<RunResult> results, Double rss, Long startMillis, String base) {
        System.out.println();
        System.out.printf("service %s, %d cores, Java %s%n", base, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-9s %4s %7s %6s %9s %8s %8s %8s  %-26s %s%n",
                "workload", "run", "clients", "reqs", "req/s", "p50 ms", "p99 ms", "max ms", "statuses", "check");
        results.forEach(r -> System.out.println(row(r)));
        System.out.println("medians of the runs (by req/s):");
        Map<String, List<RunResult>> byWorkload = new LinkedHashMap<>();
        results.forEach(r -> byWorkload.computeIfAbsent(r.workload(), k -> new ArrayList<>()).add(r));
        byWorkload.values().forEach(runs -> System.out.println(row(RunResult.median(runs))));
        if (startMillis != null) {
            System.out.printf("first successful request: %d ms after start%n", startMillis);
        }
        if (rss != null) {
            System.out.printf("service resident memory at the end: %.0f MiB%n", rss);
        }
    }

    private static void write(Path out, List<RunResult> results, Double rss, Long startMillis, String base,
                              Map<String, String> options) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("service", base);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        root.set("options", JSON.valueToTree(options));
        if (startMillis != null) {
            root.put("firstSuccessfulRequestMillis", startMillis);
        }
        if (rss != null) {
            root.put("residentMiB", Math.round(rss));
        }
        root.set("runs", JSON.valueToTree(results));
        Map<String, List<RunResult>> byWorkload = new LinkedHashMap<>();
        results.forEach(r -> byWorkload.computeIfAbsent(r.workload(), k -> new ArrayList<>()).add(r));
        ObjectNode medians = root.putObject("medians");
        byWorkload.forEach((name, runs) -> medians.set(name, JSON.valueToTree(RunResult.median(runs))));
        Files.writeString(out, JSON.writeValueAsString(root));
        System.out.println("figures written to " + out.toAbsolutePath());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " (see the class comment)");
            }
            String name = args[i].substring(2);
            if (name.equals("smoke")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    /** The checks made over HTTP after a workload, from its answers alone. */
    static final class Correctness {

        private Correctness() {
        }

        static List<String> check(Driver driver, Workload workload, List<Driver.Answer> answers) {
            List<String> breaches = new ArrayList<>();
            Map<String, Integer> capacity = new HashMap<>();
            workload.batches().forEach(b -> capacity.put(b.ref(), b.qty()));
            List<Driver.Answer> held = driver.run(workload.orders(), workload.clients(),
                    o -> driver.get("/allocations/" + o.orderId()));
            Map<String, Integer> allocated = new HashMap<>();
            int successes = 0;
            for (int i = 0; i < answers.size(); i++) {
                Workload.Order order = workload.orders().get(i);
                Driver.Answer answer = answers.get(i);
                Driver.Answer stored = held.get(i);
                if (answer.status() >= 500 || answer.status() < 0) {
                    breaches.add(order.orderId() + " answered " + answer.status() + " " + answer.body());
                }
                String storedBatch = storedBatch(order, stored, breaches);
                if (answer.status() == 201) {
                    successes++;
                    String batch = field(answer.body(), "batchref");
                    if (!batch.equals(storedBatch)) {
                        breaches.add(order.orderId() + " got 201 with " + batch + " but holds " + storedBatch);
                    }
                } else if (storedBatch != null) {
                    breaches.add(order.orderId() + " was refused (" + answer.status() + ") but holds " + storedBatch);
                }
                if (storedBatch != null) {
                    allocated.merge(storedBatch, order.qty(), Integer::sum);
                }
            }
            allocated.forEach((batch, qty) -> {
                Integer max = capacity.get(batch);
                if (max == null || qty > max) {
                    breaches.add("batch " + batch + " holds " + qty + " of " + max);
                }
            });
            if (workload.expectedSuccesses() >= 0 && successes != workload.expectedSuccesses()) {
                breaches.add(successes + " allocations succeeded where exactly " + workload.expectedSuccesses() + " must");
            }
            return breaches;
        }

        private static String storedBatch(Workload.Order order, Driver.Answer stored, List<String> breaches) {
            if (stored.status() == 404) {
                return null;
            }
            if (stored.status() != 200) {
                breaches.add("GET /allocations/" + order.orderId() + " answered " + stored.status());
                return null;
            }
            try {
                JsonNode list = JSON.readTree(stored.body());
                for (JsonNode allocation : list) {
                    if (allocation.path("sku").asText().equals(order.sku())) {
                        return allocation.path("batchref").asText();
                    }
                }
                return null;
            } catch (Exception e) {
                breaches.add("GET /allocations/" + order.orderId() + " is not JSON: " + stored.body());
                return null;
            }
        }

        private static String field(String body, String name) {
            try {
                return JSON.readTree(body).path(name).asText(null);
            } catch (Exception e) {
                return null;
            }
        }
    }
}
