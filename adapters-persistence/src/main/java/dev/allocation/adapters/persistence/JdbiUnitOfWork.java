package dev.allocation.adapters.persistence;

import dev.allocation.application.port.ConcurrencyConflict;
import dev.allocation.application.port.ProductRepository;
import dev.allocation.application.port.UnitOfWork;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * One database transaction. The connection is taken from the pool on first use, so a handler that
 * never touches the products (a notification) costs no connection.
 */
final class JdbiUnitOfWork implements UnitOfWork {

    private final Jdbi jdbi;
    private final ProductLocks.Held locks;
    private final JdbiProductRepository products;
    private Handle handle;
    private boolean committed;

    JdbiUnitOfWork(Jdbi jdbi, ProductLocks.Held locks) {
        this.jdbi = jdbi;
        this.locks = locks;
        this.products = new JdbiProductRepository(this::handle, locks);
    }

    private Handle handle() {
        if (handle == null) {
            Handle opened = jdbi.open();
            try {
                opened.begin();
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            handle = opened;
        }
        return handle;
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    public void commit() {
        if (handle == null && products.seen().isEmpty()) {
            committed = true;
            return;
        }
        products.save();
        try {
            handle().commit();
        } catch (RuntimeException e) {
            if (SqlConflicts.isConflict(e)) {
                throw new ConcurrencyConflict(null, "The transaction conflicted with another one at commit", e);
            }
            throw e;
        }
        committed = true;
    }

    @Override
    public void rollback() {
        committed = false;
        if (handle != null && handle.isInTransaction()) {
            handle.rollback();
        }
    }

    @Override
    public List<Event> collectNewEvents() {
        List<Event> events = products.pullEvents();
        return committed ? events : List.of();
    }

    @Override
    public void close() {
        try {
            if (handle != null) {
                try {
                    if (!committed) {
                        rollback();
                    }
                } finally {
                    handle.close();
                }
            }
        } finally {
            locks.releaseAll();
        }
    }
}
