package dev.allocation.domain.commands;

import java.util.Optional;

/** Allocate an order line. Answers the batch reference, or empty when the SKU is out of stock. */
public record Allocate(String orderId, String sku, int qty) implements Command<Optional<String>> {

    public Allocate {
        Fields.text("orderid", orderId);
        Fields.text("sku", sku);
        Fields.quantity("qty", qty, 1);
    }
}
