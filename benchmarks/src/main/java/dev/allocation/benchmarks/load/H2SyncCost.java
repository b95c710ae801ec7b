package dev.allocation.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What synchronous writes cost on H2: the service on {@code jdbc:h2:file:...} (every write synced
 * before it returns, the default) against {@code jdbc:h2:nio:...} (the same, but writes left in the
 * OS's cache), each on a fresh folder, in turns, under W1 allocations from 8 clients over 200 SKUs.
 * Prints each round's allocations a second and the ratio of the medians.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.allocation.benchmarks.load.H2SyncCost [rounds] [seconds]
 * </pre>
 */
public final class H2SyncCost {

    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private H2SyncCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 30);
        Path jar = Path.of("bootstrap/target/allocation-service.jar");
        List<Double> synced = new ArrayList<>();
        List<Double> unsynced = new ArrayList<>();
        System.out.printf("%-6s %-28s %14s%n", "round", "database", "allocations/s");
        for (int round = 1; round <= rounds; round++) {
            for (String fileSystem : List.of("file", "nio")) {
                double rate = W1Rate.measure(jar, Map.of("DATABASE_URL", W1Rate.h2FileUrl(fileSystem)), WARM_UP, measured);
                (fileSystem.equals("file") ? synced : unsynced).add(rate);
                System.out.printf("%-6d %-28s %14.0f%n", round, "jdbc:h2:" + fileSystem + (fileSystem.equals("file") ? " (synced)" : " (not synced)"), rate);
            }
        }
        System.out.printf("synced / not synced, medians: %.2f%n", W1Rate.median(synced) / W1Rate.median(unsynced));
    }
}
