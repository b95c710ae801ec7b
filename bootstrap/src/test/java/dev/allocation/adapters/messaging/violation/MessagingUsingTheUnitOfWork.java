package dev.allocation.adapters.messaging.violation;

/** Breaks "the messaging adapter goes through the bus": it reaches for a unit of work and the bus itself. */
public class MessagingUsingTheUnitOfWork {
    dev.allocation.application.port.out.UnitOfWork uow;
    dev.allocation.application.messagebus.MessageBus bus;
}
