package dev.allocation.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a table bounded: now and then, what is older than its retention goes. A failed run is logged
 * and the next one tries again.
 */
final class PeriodicCleanup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCleanup.class);

    private final ScheduledExecutorService scheduler;

    /**
     * @param what    what is forgotten, as the log names it ("received message ids")
     * @param forget  forgets what is past its retention, and says how many
     * @param every   the pause between runs; the first comes one pause after start
     */
    PeriodicCleanup(String what, LongSupplier forget, Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cleanup of " + what);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long forgotten = forget.getAsLong();
                if (forgotten > 0) {
                    log.info("Forgot {} {} past their retention", forgotten, what);
                }
            } catch (RuntimeException e) {
                log.warn("Could not forget old {}; trying again in {}: {}", what, every, e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
