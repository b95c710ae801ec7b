package dev.allocation.adapters.persistence.commit;

import dev.allocation.application.port.out.ConcurrencyConflict;
import dev.allocation.application.port.out.DatabaseUnavailable;

/**
 * How a unit of work's changes become durable: in a transaction of its own ({@link OwnTransaction}),
 * or together with those of other units of work ({@link GroupCommit}).
 */
public sealed interface Committer permits OwnTransaction, GroupCommit {

    /**
     * Writes and commits the changes; returns once they are durable.
     *
     * @param connection the unit of work's connection, which holds its transaction if it began one
     * @throws ConcurrencyConflict when a product changed since it was read
     * @throws DatabaseUnavailable when the database does not answer
     */
    ChangeWriter.Outcome commit(Changes changes, UnitOfWorkConnection connection);
}
