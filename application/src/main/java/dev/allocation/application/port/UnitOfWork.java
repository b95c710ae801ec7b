package dev.allocation.application.port;

import dev.allocation.domain.events.Event;

import java.util.List;

/**
 * One atomic piece of work on the products. Use it in a try-with-resources block: closing it rolls
 * back whatever was not committed.
 */
public interface UnitOfWork extends AutoCloseable {

    ProductRepository products();

    /**
     * Makes every change to the products this unit of work has seen durable, all or nothing.
     *
     * @throws ConcurrencyConflict when another unit of work changed one of them first
     */
    void commit();

    void rollback();

    /**
     * The events recorded by the products this unit of work has seen, oldest first, each handed over
     * once. Work that was not committed did not happen, so it yields no events.
     */
    List<Event> collectNewEvents();

    /** Rolls back unless committed. */
    @Override
    void close();
}
