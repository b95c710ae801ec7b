package dev.allocation.application.port;

/** Starts units of work; the message bus starts one for each handler it runs. */
@FunctionalInterface
public interface UnitOfWorkFactory {

    UnitOfWork begin();
}
