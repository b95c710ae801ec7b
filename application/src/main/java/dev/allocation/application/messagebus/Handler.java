package dev.allocation.application.messagebus;

import dev.allocation.application.port.UnitOfWork;
import dev.allocation.domain.events.Event;

/**
 * Reacts to one type of event inside a unit of work that the bus started for it. The handler
 * commits when its work is done; the bus closes the unit of work (rolling back what was not
 * committed) and queues the events it recorded.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface Handler<E extends Event> {

    /** @return a result for the caller of the bus, or null for none */
    Object handle(E event, UnitOfWork uow);
}
