package dev.allocation.application.fake;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.UnitOfWorkFactory;

class FakeUnitOfWorkContractTest extends UnitOfWorkContract {

    private final FakeDatabase database = new FakeDatabase();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database;
    }
}
