package dev.allocation.application.messagebus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often the bus runs a handler again after a {@link dev.allocation.application.port.ConcurrencyConflict},
 * and how long it waits in between: a random pause up to a limit that doubles with each try, so that
 * the requests that collided do not collide again in step.
 *
 * @param maxAttempts the tries in all, at least 1
 * @param baseDelay   the limit of the first pause; zero for no pause
 * @param maxDelay    the limit no pause exceeds
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /**
     * Enough for requests hammering one product without pause: with 30 tries, 4 threads doing so on
     * PostgreSQL saw one request lose every try. Each pause is at most 50 ms.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(100, Duration.ofMillis(1), Duration.ofMillis(50));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** Sleeps before try number {@code attempt + 1}. */
    void pauseAfter(int attempt) {
        long limitNanos = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(attempt - 1, 20));
        if (limitNanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(limitNanos + 1)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
