package dev.allocation.domain.events;

import java.time.LocalDate;

/** A batch of stock was purchased. A null {@code eta} means the batch is already in the warehouse. */
public record BatchCreated(String ref, String sku, int qty, LocalDate eta) implements Event {
}
