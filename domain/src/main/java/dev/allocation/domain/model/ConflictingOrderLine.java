package dev.allocation.domain.model;

/** The order already holds this SKU with another quantity: an order line is allocated once. */
public final class ConflictingOrderLine extends Refusal {

    public ConflictingOrderLine(OrderLine requested, OrderLine existing, String batchRef) {
        super(Kind.CONFLICT, "Order " + requested.orderId() + " already has " + existing.qty() + " of " + existing.sku()
                + " allocated in batch " + batchRef + "; it cannot be allocated again with qty " + requested.qty());
    }

    /** The order's line of this SKU waits for stock with another quantity. */
    public ConflictingOrderLine(OrderLine requested, OrderLine waiting) {
        super(Kind.CONFLICT, "Order " + requested.orderId() + " already has " + waiting.qty() + " of " + waiting.sku()
                + " waiting for stock; it cannot be allocated again with qty " + requested.qty());
    }
}
