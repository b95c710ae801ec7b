package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child process of {@link CrashDurabilityContract} and the other kill tests: allocates on eight threads, each on a SKU of
 * its own so that their commits can share groups, until it is killed. It prints {@code ack <orderId>}
 * for every allocation the bus has returned, and now and then {@code grouped <units of work> in <groups>}.
 * A line {@code stop} on its standard input stops it as the service stops: the threads end, then the
 * pool closes; it prints {@code stopped <file bytes before> <file bytes after> <ms the close took>}
 * (the sizes of the file of a {@code jdbc:h2:file:} URL, 0 for any other database).
 * Arguments: url, user, password, sku.
 */
public final class CommitLoop {

    private static final int THREADS = 8;
    private static final String H2_FILE = "jdbc:h2:file:";

    private CommitLoop() {
    }

    public static void main(String[] args) throws Exception {
        Runnable stop = run(new DatabaseSettings(args[0], args[1], args[2], 8), args[3]);
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = input.readLine(); line != null; line = input.readLine()) {
            if (line.equals("stop")) {
                stop.run();
                return;
            }
        }
    }

    /**
     * Starts the committing threads and returns what stops them and closes the pool; until then they
     * run until the process ends.
     */
    static Runnable run(DatabaseSettings settings, String sku) {
        HikariDataSource dataSource = DataSources.pooled(settings);
        SchemaMigration.migrate(dataSource);
        JdbiDatabase database = new JdbiDatabase(dataSource, settings);
        MessageRoutes handlers = new Handlers(new FakeNotifications()).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.deliveries(), handlers);
        PrintStream out = System.out;
        for (int t = 0; t < THREADS; t++) {
            bus.handle(new CreateBatch(sku + "-" + t + "-batch", sku + "-" + t, 1_000_000_000, null));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread committer = new Thread(() -> {
                for (long n = 0; running.get(); n++) {
                    String orderId = sku + "-o" + thread + "-" + n;
                    Optional<String> batch = bus.handle(new Allocate(orderId, sku + "-" + thread, 1)).batch();
                    if (batch.isPresent()) {
                        synchronized (out) {
                            out.println("ack " + orderId);
                            if (thread == 0 && n % 100 == 0) {
                                out.println("grouped " + database.groupCommits().unitsOfWork() + " in " + database.groupCommits().groups());
                            }
                            out.flush();
                        }
                    }
                }
            }, "commit-loop-" + t);
            committer.start();
            threads.add(committer);
        }
        return () -> {
            running.set(false);
            for (Thread committer : threads) {
                try {
                    committer.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Path file = settings.url().startsWith(H2_FILE) ? Path.of(settings.url().substring(H2_FILE.length()).split(";")[0] + ".mv.db") : null;
            long before = sizeOf(file);
            long started = System.nanoTime();
            dataSource.close();
            out.println("stopped " + before + " " + sizeOf(file) + " " + (System.nanoTime() - started) / 1_000_000);
            out.flush();
        };
    }

    /** The acknowledged orders that {@code database} holds no allocation of: what a crash lost. */
    static List<String> missing(JdbiDatabase database, List<String> acknowledged) {
        return acknowledged.stream()
                .filter(orderId -> database.storedAllocations().ofOrder(orderId).isEmpty())
                .toList();
    }

    private static long sizeOf(Path file) {
        try {
            return file != null && Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
