package dev.allocation.domain.events;

/** No batch of this SKU could take an order line. */
public record OutOfStock(String sku) implements Event {
}
