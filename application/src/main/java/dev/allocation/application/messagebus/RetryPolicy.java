package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.ConcurrencyConflict;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How the bus answers a {@link ConcurrencyConflict}: it runs the handler again on fresh state, after
 * a short random pause, until the tries or the time budget run out. The budget bounds how long one
 * request can spend retrying, whatever each try waits for.
 *
 * @param maxAttempts the tries in all, at least 1
 * @param budget      how long the tries may take in all
 * @param backoff     the pauses between tries
 */
public record RetryPolicy(int maxAttempts, Duration budget, Backoff backoff) {

    /**
     * Many tries, because requests of several processes hammering one product without pause can make
     * one request lose many in a row; bounded in time, so that the client hears back.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(100, Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(50)));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** A unit of work that may conflict. */
    @FunctionalInterface
    interface Retryable<T> {
        T run();
    }

    /**
     * Runs the attempt until it does not conflict.
     *
     * @throws ConcurrencyConflict the last conflict, once tries or budget are spent; its message
     *                             says how many tries were made
     */
    <T> T run(Object what, Retryable<T> attempt) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int tries = 1; ; tries++) {
            try {
                return attempt.run();
            } catch (ConcurrencyConflict conflict) {
                Duration pause = backoff.pauseBefore(tries);
                if (tries >= maxAttempts || System.nanoTime() + pause.toNanos() > deadline) {
                    throw new ConcurrencyConflict(conflict.sku(), "Gave up on " + what + " after " + tries
                            + " tries: product " + conflict.sku() + " kept being changed by other requests", conflict);
                }
                LockSupport.parkNanos(pause.toNanos());
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw conflict;
                }
            }
        }
    }
}
