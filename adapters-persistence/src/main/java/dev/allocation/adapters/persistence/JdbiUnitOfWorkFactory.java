package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWork;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

/** Starts units of work, each one database transaction. */
final class JdbiUnitOfWorkFactory implements UnitOfWorkFactory {

    private final Jdbi jdbi;
    private final ProductLocks locks;

    JdbiUnitOfWorkFactory(Jdbi jdbi, ProductLocks locks) {
        this.jdbi = jdbi;
        this.locks = locks;
    }

    @Override
    public UnitOfWork begin() {
        return new JdbiUnitOfWork(jdbi, locks.session());
    }
}
