package dev.allocation.adapters.persistence;

import dev.allocation.application.port.AllocationsView;
import dev.allocation.application.port.HealthCheck;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Optional;

/** The persistence adapter's ports over one migrated database. */
public final class JdbiDatabase {

    private final Jdbi jdbi;
    private final ProductLocks locks;

    public JdbiDatabase(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
        this.locks = "H2".equals(productName(jdbi)) ? ProductLocks.striped(1024) : ProductLocks.none();
    }

    private static String productName(Jdbi jdbi) {
        try {
            return jdbi.withHandle(handle -> handle.getConnection().getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is: " + e.getMessage(), e);
        }
    }

    public UnitOfWorkFactory unitsOfWork() {
        return new JdbiUnitOfWorkFactory(jdbi, locks);
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
