package dev.allocation.domain.events;

/** No batch can take an order line now, so it waits for stock of its SKU, behind the lines that waited before it. */
public record Backordered(String orderId, String sku, int qty) implements Event, LineEvent {
}
