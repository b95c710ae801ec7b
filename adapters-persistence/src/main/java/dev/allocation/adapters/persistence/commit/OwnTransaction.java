package dev.allocation.adapters.persistence.commit;

import dev.allocation.adapters.persistence.messages.StoredDeliveries;
import dev.allocation.adapters.persistence.sql.SqlErrors;
import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * Commits a unit of work's changes in its own transaction, on its own connection: when the service
 * runs without group commit, and always for a unit of work that holds row locks in that transaction
 * (a claimed delivery, whose completion is part of the commit; a received message id).
 */
public final class OwnTransaction implements Committer {

    @Override
    public ChangeWriter.Outcome commit(Changes changes, UnitOfWorkConnection connection) {
        return SqlErrors.translated(changes.firstSku(), () -> {
            Handle handle = connection.inTransaction();
            ChangeWriter.Outcome outcome = ChangeWriter.write(handle, List.of(changes)).get(0).orConflict();
            if (changes.completedDelivery() != null) {
                StoredDeliveries.complete(handle, changes.completedDelivery());
            }
            handle.commit();
            return outcome;
        });
    }
}
