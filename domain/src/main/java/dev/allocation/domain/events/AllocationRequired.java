package dev.allocation.domain.events;

/** An order line needs a batch: a new order, or a line taken back from a batch that shrank. */
public record AllocationRequired(String orderId, String sku, int qty) implements Event {
}
