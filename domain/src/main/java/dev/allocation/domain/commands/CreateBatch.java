package dev.allocation.domain.commands;

import java.time.LocalDate;

/**
 * Add a batch of stock. A null {@code eta} means the batch is already in the warehouse.
 * Answers the batch reference.
 */
public record CreateBatch(String ref, String sku, int qty, LocalDate eta) implements Command<String> {

    public CreateBatch {
        Fields.text("ref", ref);
        Fields.text("sku", sku);
        Fields.quantity("qty", qty, 1);
    }
}
