package dev.allocation.domain.events;

/**
 * An order line was released on request: it no longer holds stock or waits for it, and nothing takes
 * its place. Unlike {@link Deallocated}, it is not allocated again.
 *
 * @param batchRef the batch the line left, or null when it was waiting for stock
 */
public record LineReleased(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
