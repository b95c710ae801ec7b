package dev.allocation.adapters.persistence;

import dev.allocation.application.port.AllocationsView;
import dev.allocation.application.port.HealthCheck;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.util.Optional;

/** The persistence adapter's ports over one migrated database. */
public final class JdbiDatabase {

    private final Jdbi jdbi;

    public JdbiDatabase(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    public UnitOfWorkFactory unitsOfWork() {
        return new JdbiUnitOfWorkFactory(jdbi);
    }

    public AllocationsView allocationsView() {
        return new JdbiAllocationsView(jdbi);
    }

    public HealthCheck healthCheck() {
        return () -> {
            try {
                jdbi.useHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
                return Optional.empty();
            } catch (RuntimeException e) {
                return Optional.of(String.valueOf(e.getMessage()));
            }
        };
    }
}
