package dev.allocation.domain.events;

/**
 * Stock of a SKU became available while lines of it wait: a batch arrived or grew, or a line left a
 * batch. Its handler allocates the waiting lines that fit. Kept inside the service, not published.
 */
public record StockFreed(String sku) implements Event {
}
