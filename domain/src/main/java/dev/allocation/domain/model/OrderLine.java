package dev.allocation.domain.model;

/** A line of a customer's order. Within one SKU it is identified by its order id. */
public record OrderLine(String orderId, String sku, int qty) {

    public OrderLine {
        Require.notBlank(orderId, "orderId");
        Require.notBlank(sku, "sku");
        Require.atLeast(qty, 1, "qty");
    }
}
