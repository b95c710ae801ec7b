package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.Delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Each (handler, SKU) sequence of deliveries goes in the order its events were recorded. The stored
 * deliveries enforce that order: a claim is {@code BEHIND} while an earlier delivery of its sequence
 * is pending, and the relay is offered only the first delivery of each sequence. This class is what
 * the bus and the relay do about it, and the one place in the application that knows the order.
 */
final class DeliverySequences {

    /** How many deliveries of a sequence are read at a time. */
    private static final int BATCH = 200;

    private final Deliveries deliveries;
    private final Clock clock;

    DeliverySequences(Deliveries deliveries, Clock clock) {
        this.deliveries = Objects.requireNonNull(deliveries);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The first pending delivery of each sequence that is due now, oldest first: where the relay starts. */
    List<Delivery> firstsDue() {
        return deliveries.due(clock.instant(), BATCH);
    }

    /**
     * What to deliver before a delivery whose claim was {@code BEHIND}: the deliveries ahead of it in
     * its sequence, in order, when none has been tried yet (their own requests committed them but
     * have not claimed them yet). Empty when one ahead waits for a retry: then this one waits too,
     * for the relay.
     */
    Optional<List<Delivery>> ahead(Delivery behind) {
        List<Delivery> ahead = new ArrayList<>();
        for (Delivery earlier : deliveries.pendingOf(behind.handler(), behind.sku(), clock.instant(), BATCH)) {
            if (earlier.id().equals(behind.id())) {
                break;
            }
            if (earlier.attempts() > 0) {
                return Optional.empty();
            }
            ahead.add(earlier);
        }
        return Optional.of(ahead);
    }

    /**
     * Follows a sequence whose first delivery went through, in order, until it is empty or
     * {@code deliver} says a delivery did not go (not its turn, failed, or the caller stops).
     *
     * @return how many were delivered
     */
    int deliverTheRest(String handler, String sku, Predicate<Delivery> deliver) {
        int delivered = 0;
        while (true) {
            List<Delivery> next = deliveries.pendingOf(handler, sku, clock.instant(), BATCH);
            if (next.isEmpty()) {
                return delivered;
            }
            for (Delivery delivery : next) {
                if (!deliver.test(delivery)) {
                    return delivered;
                }
                delivered++;
            }
        }
    }
}
