package dev.allocation.adapters.persistence;

import dev.allocation.application.port.UnitOfWorkContract;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2UnitOfWorkContractTest extends UnitOfWorkContract {

    @RegisterExtension
    final DatabaseExtension database = DatabaseExtension.h2();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return database.jdbi().unitsOfWork();
    }
}
