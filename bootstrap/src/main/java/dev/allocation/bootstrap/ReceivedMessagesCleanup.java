package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.JdbiDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Keeps the table of received message ids bounded: what is older than its retention goes, hourly. */
final class ReceivedMessagesCleanup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReceivedMessagesCleanup.class);

    private final ScheduledExecutorService scheduler;

    ReceivedMessagesCleanup(JdbiDatabase database) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "received-messages-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int forgotten = database.forgetOldReceivedMessages();
                if (forgotten > 0) {
                    log.info("Forgot {} received message ids past their retention", forgotten);
                }
            } catch (RuntimeException e) {
                log.warn("Could not forget old received message ids; trying again in an hour: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
