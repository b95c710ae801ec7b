package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.sql.SqlErrors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection of one unit of work, taken from the pool on first use. Reads run one statement at a
 * time (READ COMMITTED either way) without a transaction of their own; a transaction is begun only
 * when the unit of work takes row locks (a claim, a received message id) or commits here.
 */
public final class UnitOfWorkConnection implements AutoCloseable {

    private final Jdbi jdbi;
    private Handle handle;

    UnitOfWorkConnection(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The connection, for reads. */
    Handle handle() {
        if (handle == null) {
            handle = SqlErrors.translated(null, jdbi::open);
        }
        return handle;
    }

    /** The connection, in its transaction, begun now if it was not. */
    Handle inTransaction() {
        Handle open = handle();
        if (!SqlErrors.translated(null, open::isInTransaction)) {
            SqlErrors.translated(null, open::begin);
        }
        return open;
    }

    /** Whether a transaction is open: it may hold row locks, so the commit must happen in it. */
    boolean holdsTransaction() {
        return handle != null && SqlErrors.translated(null, handle::isInTransaction);
    }

    /** Gives the connection back to the pool, rolling back what was not committed; a later use takes another. */
    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        Handle open = handle;
        handle = null;
        SqlErrors.translated(null, () -> {
            try (open) {
                if (open.isInTransaction()) {
                    open.rollback();
                }
            }
            return null;
        });
    }
}
