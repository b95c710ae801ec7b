package dev.allocation.application.port.out;

import java.util.List;

/**
 * A unit of work as the message bus drives it: besides the handler's products, it takes the delivery
 * it completes or records the message it receives, so that the commit does that too, and it tells the
 * bus what the commit stored for the handlers to do next. Handlers never see these.
 */
public interface BusUnitOfWork extends UnitOfWork {

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
}
