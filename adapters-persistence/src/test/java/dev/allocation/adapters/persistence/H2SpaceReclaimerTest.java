package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.HandlerRegistry;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class H2SpaceReclaimerTest {

    private static final int THREADS = 4;
    private static final int ALLOCATIONS_PER_THREAD = 5000;
    private static final int SKUS = 50;

    @TempDir
    Path folder;

    /**
     * The same allocations, committed on four threads, into two files: one with the reclaimer and one
     * without. H2's retention is 1 s here (45 s by default), so that chunks become reclaimable within
     * the test. (Measured: about 0.55 to 0.7 of the file without.)
     */
    @Test
    void keepsTheFileOfSustainedCommitsSmall() throws Exception {
        long without = fileAfterAllocations(folder.resolve("plain"), false);
        long with = fileAfterAllocations(folder.resolve("reclaimed"), true);

        assertThat(with).as("file with the reclaimer (%,d bytes) against without (%,d bytes)", with, without)
                .isLessThan(without * 4 / 5);
    }

    @Test
    void startsOnlyWhereH2DoesNotReclaimByItself() {
        try (HikariDataSource memory = h2("jdbc:h2:mem:reclaimer-" + System.nanoTime());
             HikariDataSource backgroundWriter = h2("jdbc:h2:file:" + folder.resolve("delayed") + ";WRITE_DELAY=500")) {
            assertThat(H2SpaceReclaimer.startIfNeeded(memory, H2SpaceReclaimer.EVERY)).as("in memory").isEmpty();
            assertThat(H2SpaceReclaimer.startIfNeeded(backgroundWriter, H2SpaceReclaimer.EVERY))
                    .as("with H2's background writer").isEmpty();
        }
    }

    private static HikariDataSource h2(String url) {
        return DataSources.pooled(new DatabaseSettings(url, "sa", "", 2));
    }

    private static long fileAfterAllocations(Path folder, boolean reclaim) throws Exception {
        Files.createDirectories(folder);
        String url = "jdbc:h2:file:" + folder.resolve("allocation").toAbsolutePath() + ";RETENTION_TIME=1000";
        try (HikariDataSource dataSource = DataSources.pooled(new DatabaseSettings(url, "sa", "", THREADS))) {
            SchemaMigration.migrate(dataSource);
            Optional<H2SpaceReclaimer> reclaimer = reclaim
                    ? H2SpaceReclaimer.startIfNeeded(dataSource, H2SpaceReclaimer.EVERY)
                    : Optional.empty();
            assertThat(reclaimer.isPresent()).as("the reclaimer runs").isEqualTo(reclaim);
            try {
                allocate(new JdbiDatabase(dataSource, true));
                reclaimer.ifPresent(r -> assertThat(r.rewritingRounds()).as("rounds that rewrote old chunks").isPositive());
                return Files.size(folder.resolve("allocation.mv.db"));
            } finally {
                reclaimer.ifPresent(H2SpaceReclaimer::close);
            }
        }
    }

    private static void allocate(JdbiDatabase database) throws InterruptedException {
        HandlerRegistry handlers = new Handlers(new FakeNotifications()).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.outbox(), handlers);
        for (int s = 0; s < SKUS; s++) {
            bus.handle(new CreateBatch("batch-" + s, "SKU-" + s, 1_000_000, null));
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    for (int n = 0; n < ALLOCATIONS_PER_THREAD; n++) {
                        bus.handle(new Allocate("order-" + thread + "-" + n, "SKU-" + (n * THREADS + thread) % SKUS, 1));
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(2).toMillis());
        }
        assertThat(failures).isEmpty();
    }
}
