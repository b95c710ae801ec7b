package dev.allocation.domain.events;

/** No batch of this SKU could take an order line; the line is not allocated. */
public record OutOfStock(String sku, String orderId, int qty) implements Event, LineEvent {
}
