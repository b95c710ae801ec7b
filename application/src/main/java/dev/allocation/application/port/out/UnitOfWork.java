package dev.allocation.application.port.out;

/**
 * One atomic piece of work, as a handler sees it: the products it changes, and the commit that makes
 * those changes and the events they record durable together. Use it in a try-with-resources block:
 * closing it rolls back whatever was not committed. What the message bus does besides, it does
 * through {@link BusUnitOfWork}.
 */
public interface UnitOfWork extends AutoCloseable {

    ProductRepository products();

    /**
     * Makes durable, all or nothing: every change to the products this unit of work has seen, the
     * events they recorded with one {@link Delivery} per (event, handler) and one {@link Publication}
     * per (event, destination), the message it received, and the completion of the claimed delivery.
     * A unit of work commits once; a second call does nothing.
     *
     * @throws ConcurrencyConflict when another unit of work changed one of the products first
     */
    void commit();

    /** Rolls back unless committed. */
    @Override
    void close();
}
