package dev.allocation.adapters.persistence;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;

import java.sql.SQLException;

/**
 * Every JDBI transaction of the service returns from its commit only once the commit is durable
 * (see {@link H2Durability}), whichever path committed it: a group, a unit of work alone, an admin
 * change.
 */
final class DurableTransactions extends DelegatingTransactionHandler {

    private final H2Durability durability;

    DurableTransactions(TransactionHandler delegate, H2Durability durability) {
        super(delegate);
        this.durability = durability;
    }

    @Override
    public void commit(Handle handle) {
        super.commit(handle);
        durability.awaitDurable(handle.getConnection());
    }

    /** JDBI binds a handler to each handle; the bound one must stay durable. */
    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new DurableTransactions(getDelegate().specialize(handle), durability);
    }
}
