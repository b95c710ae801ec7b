package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The child process of {@link CrashDurabilityContract}: allocates on eight threads, each on a SKU of
 * its own so that their commits can share groups, until it is killed. It prints {@code ack <orderId>}
 * for every allocation the bus has returned, and now and then {@code grouped <units of work> in <groups>}.
 * Arguments: url, user, password, sku.
 */
public final class CommitLoop {

    private static final int THREADS = 8;

    private CommitLoop() {
    }

    public static void main(String[] args) {
        run(new DatabaseSettings(args[0], args[1], args[2], 8), args[3]);
    }

    /** Starts the committing threads and returns; they run until the process ends. */
    static void run(DatabaseSettings settings, String sku) {
        HikariDataSource dataSource = DataSources.pooled(settings);
        SchemaMigration.migrate(dataSource);
        JdbiDatabase database = new JdbiDatabase(dataSource, settings.groupCommit());
        MessageRoutes handlers = new Handlers(new FakeNotifications()).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.deliveries(), handlers);
        PrintStream out = System.out;
        for (int t = 0; t < THREADS; t++) {
            bus.handle(new CreateBatch(sku + "-" + t + "-batch", sku + "-" + t, 1_000_000_000, null));
        }
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            new Thread(() -> {
                for (long n = 0; ; n++) {
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
            }, "commit-loop-" + t).start();
        }
    }
}
