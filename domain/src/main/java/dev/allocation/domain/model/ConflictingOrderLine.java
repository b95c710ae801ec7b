package dev.allocation.domain.model;

/** The order already holds this SKU with another quantity: an order line is allocated once. */
public final class ConflictingOrderLine extends Refusal {

    public ConflictingOrderLine(OrderLine requested, OrderLine existing, String batchRef) {
        super(Kind.CONFLICT, "Order " + requested.orderId() + " already has " + existing.qty() + " of " + existing.sku()
                + " allocated in batch " + batchRef + "; it cannot be allocated again with qty " + requested.qty());
    }
}
