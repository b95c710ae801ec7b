package dev.allocation.domain.events;

/**
 * A fact: something that happened to a product. Events are recorded by the {@link
 * dev.allocation.domain.model.Product} aggregate, stored with the change that recorded them, and
 * handed to any number of handlers. The set is closed: the permitted types are the whole vocabulary.
 */
public sealed interface Event permits Allocated, Deallocated, OutOfStock, LineReleased, Backordered, StockFreed {

    /** The product the event belongs to; events of one SKU are handled in the order they were recorded. */
    String sku();
}
