package dev.allocation.application.fake;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.UnitOfWorkFactory;

class FakeUnitOfWorkContractTest extends UnitOfWorkContract {

    private final FakeDatabase database = new FakeDatabase(SUBSCRIPTIONS);

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database;
    }

    @Override
    protected Deliveries deliveries() {
        return database;
    }

    @Override
    protected Outbox outbox() {
        return database;
    }

    @Override
    protected EventHistory history() {
        return database;
    }
}
