package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnabledIfEnvironmentVariable(named = TestDatabase.POSTGRES_URL, matches = ".+", disabledReason = TestDatabase.POSTGRES_SKIPPED)
class PostgresUnitOfWorkContractIT extends UnitOfWorkContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.postgres();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database.jdbi().unitsOfWork(SUBSCRIPTIONS);
    }

    @Override
    protected Deliveries deliveries() {
        return database.jdbi().deliveries();
    }

    @Override
    protected Outbox outbox() {
        return database.jdbi().outbox();
    }

    @Override
    protected EventHistory history() {
        return database.jdbi().eventHistory();
    }
}
