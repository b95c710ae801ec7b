package dev.allocation.application.port.in;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an operator sees of the stored deliveries, and the repairs there are: a dead one, or every
 * dead one a filter matches, tried again; or discarded with a reason, kept but never tried again.
 */
public interface DeliveryAdmin {

    /** Which deliveries to list. */
    enum State {
        /** Still to be delivered, or waiting for a retry. */
        PENDING,
        /** Parked after their last attempt, until retried or discarded. */
        DEAD,
        /** Given up on by an operator: kept, never tried again. */
        DISCARDED
    }

    /**
     * Which deliveries: those in the state, and of the handler, of the SKU, whose last error contains
     * the text, recorded before the time, where each is given.
     */
    record Filter(State state, Optional<String> handler, Optional<String> sku, Optional<String> errorContains,
                  Optional<Instant> recordedBefore) {

        public static Filter of(State state) {
            return new Filter(state, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A stored delivery as an operator sees it.
     *
     * @param eventType     the event's type, {@code OutOfStock} say
     * @param event         the event's fields, as stored (JSON)
     * @param discardReason why it was discarded; null unless it was
     */
    record Entry(String id, String eventType, String event, String handler, String sku, int attempts, String lastError,
                 Instant recordedAt, Instant nextAttemptAt, String correlationId, String discardReason) {
    }

    /** One failed attempt of a delivery, oldest first; attempts before a retry are kept too. */
    record Attempt(String error, Instant failedAt) {
    }

    /**
     * How many deliveries wait, how many are dead and discarded, and when the oldest waiting one's
     * event was recorded.
     */
    record Counts(long pending, long dead, long discarded, Optional<Instant> oldestPendingRecordedAt) {
    }

    Counts counts();

    /**
     * The deliveries the filter matches, oldest first, at most {@code limit}: after the one with id
     * {@code after} when given, for the next page.
     *
     * @throws UnknownDelivery when there is no delivery {@code after} (any more)
     */
    List<Entry> deliveries(Filter filter, Optional<String> after, int limit);

    /**
     * A delivery's failed attempts, oldest first.
     *
     * @throws UnknownDelivery when there is no such delivery
     */
    List<Attempt> attempts(String id);

    /**
     * Makes a dead delivery pending again, due at once, with its attempts counted from zero.
     *
     * @throws UnknownDelivery when there is no such delivery (done, or never was)
     * @throws DeliveryNotDead when it is pending or discarded
     */
    void retry(String id);

    /**
     * Makes every dead delivery the filter matches pending again, as {@link #retry} does one.
     *
     * @return how many
     */
    long retryAll(Filter filter);

    /**
     * Discards a dead delivery: it is kept, listed as discarded with the reason, and never tried again.
     *
     * @throws UnknownDelivery when there is no such delivery
     * @throws DeliveryNotDead when it is pending, or discarded already
     */
    void discard(String id, String reason);

    /**
     * Discards every dead delivery the filter matches, as {@link #discard} does one.
     *
     * @return how many
     */
    long discardAll(Filter filter, String reason);

    /** No delivery has this id. */
    final class UnknownDelivery extends RuntimeException {
        public UnknownDelivery(String id) {
            super("No delivery " + id);
        }
    }

    /** Only a dead delivery can be retried or discarded; a pending one is retried by the relay already. */
    final class DeliveryNotDead extends RuntimeException {
        public DeliveryNotDead(String id, State state) {
            super(state == State.DISCARDED ? "Delivery " + id + " was discarded: it is never tried again"
                    : "Delivery " + id + " is not dead: the relay tries it already");
        }
    }
}
