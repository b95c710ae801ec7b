package dev.allocation.application.port.out;

import java.util.List;

/**
 * One atomic piece of work: the products it changes, the events they record, and the delivery it
 * completes. Use it in a try-with-resources block: closing it rolls back whatever was not committed.
 */
public interface UnitOfWork extends AutoCloseable {

    ProductRepository products();

    /**
     * Makes durable, all or nothing: every change to the products this unit of work has seen, the
     * events they recorded with one {@link Delivery} per (event, handler) and one {@link Publication}
     * per (event, destination), the message it received, and the completion of the claimed delivery. A unit of work commits once; a second call does nothing.
     *
     * @throws ConcurrencyConflict when another unit of work changed one of the products first
     */
    void commit();

    /**
     * Takes a delivery for this unit of work, so that committing completes it. Waits while another
     * unit of work holds it or an earlier delivery of the same SKU and handler.
     */
    Claim claim(Delivery delivery);

    /** What came of a claim. */
    enum Claim {
        /** This unit of work holds the delivery; its commit completes it. */
        TAKEN,
        /** Done or dead already: nothing to do. */
        GONE,
        /** An earlier delivery of the same SKU and handler is still pending: it must go first. */
        BEHIND
    }

    /**
     * Records a message as received, so that the commit makes it taken effect: its id is stored in
     * this transaction. Ids are kept for at least seven days.
     *
     * @return false when a committed unit of work received it already; this one must not go on
     */
    boolean receive(String messageId);

    /** The deliveries the commit stored, in the order their events were recorded; empty before it. */
    List<Delivery> newDeliveries();

    /** Rolls back unless committed. */
    @Override
    void close();
}
