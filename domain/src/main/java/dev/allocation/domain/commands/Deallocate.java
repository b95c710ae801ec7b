package dev.allocation.domain.commands;

import dev.allocation.domain.events.LineReleased;

/**
 * Release an order's line of a SKU, allocated or waiting (the order was cancelled, say). Answers what
 * was released: the line, and the batch it left.
 */
public record Deallocate(String orderId, String sku) implements Command<LineReleased> {

    public Deallocate {
        Fields.text("orderid", orderId);
        Fields.text("sku", sku);
    }
}
