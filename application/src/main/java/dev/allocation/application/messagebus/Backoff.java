package dev.allocation.application.messagebus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses that double with each retry up to a limit, each drawn at random from the upper half of its
 * range, so that callers that failed together do not retry in step. The bus's conflict retries and
 * the relay's delivery retries both use it.
 *
 * @param first the longest first pause
 * @param max   the longest pause
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= max");
        }
    }

    /** The pause before retry number {@code retry} (1 for the first retry). */
    public Duration pauseBefore(int retry) {
        long limit = Math.min(max.toNanos(), first.toNanos() << Math.min(Math.max(retry - 1, 0), 30));
        if (limit <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(limit / 2 + ThreadLocalRandom.current().nextLong(limit / 2 + 1));
    }
}
