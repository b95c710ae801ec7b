package dev.allocation.adapters.persistence;

import dev.allocation.application.port.out.DatabaseProbe;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the database for {@code SELECT 1}, and answers within {@code deadline} whatever the database
 * does: a database that is away can hold a connection attempt for the pool's whole timeout. At most
 * one probe runs at a time; callers that come while it runs wait for the same one. What went wrong
 * is logged; the answer says it in words of its own, which name no driver or class.
 */
final class DatabaseHealth implements DatabaseProbe {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

    private final Jdbi jdbi;
    private final Duration deadline;
    private final AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();

    DatabaseHealth(Jdbi jdbi, Duration deadline) {
        this.jdbi = jdbi;
        this.deadline = deadline;
    }

    @Override
    public Optional<String> problem() {
        try {
            probe().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("it did not answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            log.warn("The database health probe failed: {}", e.getCause().toString());
            return Optional.of("the probe query failed (the log says why)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the probe was interrupted");
        }
    }

    private CompletableFuture<Void> probe() {
        CompletableFuture<Void> current = running.get();
        if (current != null && !current.isDone()) {
            return current;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        if (!running.compareAndSet(current, next)) {
            return running.get();
        }
        Thread thread = new Thread(() -> {
            try {
                jdbi.useHandle(handle -> handle.createQuery("SELECT 1").setQueryTimeout((int) Math.max(1, deadline.toSeconds()))
                        .mapTo(Integer.class).one());
                next.complete(null);
            } catch (Throwable e) {
                next.completeExceptionally(e);
            }
        }, "database-health");
        thread.setDaemon(true);
        thread.start();
        return next;
    }
}
