package dev.allocation.adapters.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.allocation.application.fake.FakeNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.fake.Buses;
import dev.allocation.application.messagebus.HandlerRegistry;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.domain.commands.Allocate;
import dev.allocation.domain.commands.CreateBatch;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The child process of {@link CrashDurabilityContract}: allocates on four threads until it is
 * killed, and prints {@code ack <orderId>} for every allocation the bus has returned.
 * Arguments: url, user, password, sku.
 */
public final class CommitLoop {

    private CommitLoop() {
    }

    public static void main(String[] args) {
        DatabaseSettings settings = new DatabaseSettings(args[0], args[1], args[2], 8);
        String sku = args[3];
        HikariDataSource dataSource = DataSources.pooled(settings);
        SchemaMigration.migrate(dataSource);
        JdbiDatabase database = new JdbiDatabase(dataSource, settings.kind());
        HandlerRegistry handlers = new Handlers(new FakeNotifications()).registry();
        MessageBus bus = Buses.over(database.unitsOfWork(handlers), database.outbox(), handlers);
        bus.handle(new CreateBatch(sku + "-batch", sku, 1_000_000_000, null));
        PrintStream out = System.out;
        for (int t = 0; t < 4; t++) {
            int thread = t;
            new Thread(() -> {
                for (long n = 0; ; n++) {
                    String orderId = "crash-" + thread + "-" + n;
                    Optional<String> batch = bus.handle(new Allocate(orderId, sku, 1));
                    if (batch.isPresent()) {
                        synchronized (out) {
                            out.println("ack " + orderId);
                            out.flush();
                        }
                    }
                }
            }, "commit-loop-" + t).start();
        }
    }
}
