package dev.allocation.domain.events;

/**
 * A shrinking batch took back an order line, which now needs a batch again.
 *
 * @param batchRef the batch the line left
 */
public record Deallocated(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
