package dev.allocation.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Replays: the recorded events of a time range, and of one SKU or all, sent again to a destination,
 * in their original order per SKU, at a bounded rate, as a job that can be watched and cancelled.
 */
public interface EventReplays {

    /**
     * @param from          the first instant whose events are sent (inclusive)
     * @param to            the instant after the last (exclusive)
     * @param sku           one SKU's events only, or every SKU's
     * @param perSecond     at most this many events a second, so that live events keep their lag
     */
    record Request(String destination, Instant from, Instant to, Optional<String> sku, int perSecond) {
    }

    enum State {
        RUNNING,
        /** Every event of the range was sent. */
        DONE,
        CANCELLED,
        /** The destination did not take them for too long; {@link Status#error()} says why. */
        FAILED
    }

    /**
     * @param sent           events the destination has taken so far
     * @param lastRecordedAt when the last one sent was recorded
     */
    record Status(String id, Request request, State state, long sent, Optional<Instant> lastRecordedAt,
                  Optional<String> error) {
    }

    /**
     * Starts a replay; it runs in the background.
     *
     * @throws UnknownDestination when no destination of that name can be replayed to
     */
    Status start(Request request);

    /** The replay's status; empty when there is no such replay in this process. */
    Optional<Status> status(String id);

    /** Stops the replay after the batch in flight; empty when there is no such replay in this process. */
    Optional<Status> cancel(String id);

    /** No destination of this name takes replays. */
    final class UnknownDestination extends RuntimeException {
        public UnknownDestination(String destination, List<String> known) {
            super(known.isEmpty()
                    ? "No destination takes replays: set RABBITMQ_URL to replay to RabbitMQ"
                    : "Unknown destination " + destination + ": replays go to " + String.join(" or ", known));
        }
    }
}
