package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every event the service recorded, kept after its deliveries and publications are done: written by
 * the commit that recorded it, never changed, and forgotten only once older than the retention.
 */
public interface EventHistory {

    /** The events that name the order, in the order they were recorded. */
    List<Envelope<Event>> ofOrder(String orderId);

    /**
     * The SKU's events recorded after {@code after}, oldest first: {@code limit} of them, or a few more
     * so that a page never ends inside one instant (a commit records its events at one time, and the
     * next page starts after the last time of this one).
     */
    List<Envelope<Event>> ofSku(String sku, Instant after, int limit);

    /** An event as the history holds it, with its place in the order of recording. */
    record Stored(long position, Envelope<Event> event) {
    }

    /**
     * The events recorded from {@code from} (inclusive) to {@code to} (exclusive), of one SKU or of
     * all, in the order they were recorded (which, within a SKU, is the order they were published in):
     * the first {@code limit} after {@code afterPosition}; a negative one starts at the beginning.
     */
    List<Stored> recordedBetween(Instant from, Instant to, Optional<String> sku, long afterPosition, int limit);

    /**
     * Forgets at most {@code limit} of the events recorded before {@code cutoff}, in one short
     * transaction.
     *
     * @return how many were forgotten: fewer than {@code limit} when none older is left
     */
    int forgetBefore(Instant cutoff, int limit);
}
