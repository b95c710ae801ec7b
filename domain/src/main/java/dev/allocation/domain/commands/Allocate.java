package dev.allocation.domain.commands;

import dev.allocation.domain.model.AllocationOutcome;


/**
 * Allocate an order line. Answers the batch it went to; when no batch can take it, the line either
 * waits for stock ({@code backorder}) or is refused as out of stock.
 */
public record Allocate(String orderId, String sku, int qty, boolean backorder) implements Command<AllocationOutcome> {

    public Allocate {
        Fields.text("orderid", orderId);
        Fields.text("sku", sku);
        Fields.quantity("qty", qty, 1);
    }

    /** The book's command: out of stock is an answer, and nothing waits. */
    public Allocate(String orderId, String sku, int qty) {
        this(orderId, sku, qty, false);
    }
}
