package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.events.Event;

/**
 * Reacts to one type of event in a unit of work whose commit also marks the delivery done, so the
 * reaction takes effect once. A handler whose effect is outside the database (a mail) may be run
 * again after a crash: it must be safe to repeat.
 */
@FunctionalInterface
public interface EventHandler<E extends Event> {

    void handle(E event, UnitOfWork uow);
}
