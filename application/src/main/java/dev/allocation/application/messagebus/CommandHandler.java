package dev.allocation.application.messagebus;

import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.commands.Command;

/**
 * Carries out one type of command in a unit of work that the bus started for it, commits, and
 * answers. The bus closes the unit of work, rolling back what was not committed.
 */
@FunctionalInterface
public interface CommandHandler<C extends Command<R>, R> {

    R handle(C command, UnitOfWork uow);
}
