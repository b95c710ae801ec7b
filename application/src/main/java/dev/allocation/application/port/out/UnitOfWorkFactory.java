package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;

/** Starts units of work; the message bus starts one for each handler it runs. */
@FunctionalInterface
public interface UnitOfWorkFactory {

    /**
     * @param cause the message being handled: the events the unit of work records carry its
     *              correlation id, and its id as their causation id
     */
    BusUnitOfWork begin(Envelope<?> cause);
}
