package dev.allocation.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What an operator sees of the stored deliveries, and the one repair there is: a dead one tried again. */
public interface DeliveryAdmin {

    /** Which deliveries to list. */
    enum State {
        /** Still to be delivered, or waiting for a retry. */
        PENDING,
        /** Parked after their last attempt. */
        DEAD
    }

    /**
     * A stored delivery as an operator sees it.
     *
     * @param eventType the event's type, {@code OutOfStock} say
     * @param event     the event's fields, as stored (JSON)
     */
    record Entry(String id, String eventType, String event, String handler, int attempts, String lastError,
                 Instant nextAttemptAt, String correlationId) {
    }

    /**
     * How many deliveries wait, how many are dead, and when the oldest waiting one's event was recorded.
     */
    record Counts(long pending, long dead, Optional<Instant> oldestPendingRecordedAt) {
    }

    Counts counts();

    /** The oldest deliveries in that state, at most {@code limit}. */
    List<Entry> deliveries(State state, int limit);

    /**
     * Makes a dead delivery pending again, due at once, with its attempts counted from zero.
     *
     * @throws UnknownDelivery when there is no such delivery (done, or never was)
     * @throws DeliveryNotDead when it is pending
     */
    void retry(String id);

    /** No delivery has this id. */
    final class UnknownDelivery extends RuntimeException {
        public UnknownDelivery(String id) {
            super("No delivery " + id);
        }
    }

    /** Only a dead delivery can be retried; a pending one is retried by the relay already. */
    final class DeliveryNotDead extends RuntimeException {
        public DeliveryNotDead(String id) {
            super("Delivery " + id + " is not dead: the relay tries it already");
        }
    }
}
