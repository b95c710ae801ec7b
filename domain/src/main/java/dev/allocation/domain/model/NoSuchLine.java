package dev.allocation.domain.model;

/** The order holds no line of the SKU, allocated or waiting: there is nothing to release. */
public final class NoSuchLine extends Refusal {

    public NoSuchLine(String orderId, String sku) {
        super(Kind.NOT_FOUND, "No line for " + sku + " in order " + orderId);
    }
}
