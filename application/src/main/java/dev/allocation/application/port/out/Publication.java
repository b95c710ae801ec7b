package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

/**
 * An event waiting to be sent to a destination outside the service. It is stored in the transaction
 * that recorded the event, and removed once the destination has taken it.
 *
 * @param position increases with every publication stored: one SKU's events are sent in this order
 */
public record Publication(long position, String destination, Envelope<Event> event) {

    /**
     * How many lanes a destination's publications are spread over. Each lane is sent by one relay
     * thread at a time, in order, so the lanes go out in parallel, and shared among the instances.
     * Stored with every publication: changing it would need its rows moved to their new lanes.
     */
    public static final int LANES = 16;

    /** The lane of a SKU's publications: all of them in one, so that they keep their order. */
    public static int lane(String sku) {
        return Math.floorMod(sku.hashCode(), LANES);
    }
}
