package dev.allocation.domain.events;

/** An order line was allocated to a batch. */
public record Allocated(String orderId, String sku, int qty, String batchRef) implements Event, LineEvent {
}
