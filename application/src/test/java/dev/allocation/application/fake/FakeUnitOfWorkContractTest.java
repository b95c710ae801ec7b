package dev.allocation.application.fake;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Publications;
import dev.allocation.application.port.out.UnitOfWorkFactory;

class FakeUnitOfWorkContractTest extends UnitOfWorkContract {

    private final FakeDatabase database = new FakeDatabase(SUBSCRIPTIONS);

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database;
    }

    @Override
    protected Outbox outbox() {
        return database;
    }

    @Override
    protected Publications publications() {
        return database;
    }
}
