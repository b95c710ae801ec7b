package dev.allocation.application.messagebus;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How often a failing delivery is tried and when: the first retry within a second, pauses doubling
 * up to a minute, and after the last attempt it is parked as dead.
 *
 * @param maxAttempts attempts in all before a delivery is dead
 * @param backoff     the pauses between attempts
 */
public record DeliveryPolicy(int maxAttempts, Backoff backoff) {

    /** 10 attempts over about three minutes: 0.5, 1, 2, 4 ... 60 s apart. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(10,
            new Backoff(Duration.ofMillis(500), Duration.ofMinutes(1)));

    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** When to try again after failed attempt number {@code attempts}; empty when it is dead. */
    Optional<Instant> retryAt(int attempts, Instant now) {
        return attempts >= maxAttempts ? Optional.empty() : Optional.of(now.plus(backoff.pauseBefore(attempts)));
    }
}
