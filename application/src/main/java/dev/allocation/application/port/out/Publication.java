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
}
