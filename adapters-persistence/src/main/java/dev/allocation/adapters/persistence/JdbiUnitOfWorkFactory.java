package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWork;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

/** Starts units of work, each one database transaction. */
final class JdbiUnitOfWorkFactory implements UnitOfWorkFactory {

    private final Jdbi jdbi;

    JdbiUnitOfWorkFactory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public UnitOfWork begin() {
        return new JdbiUnitOfWork(jdbi);
    }
}
