package dev.allocation.adapters.persistence;

import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.Map;
import java.util.UUID;

/** How H2 means to run one of the adapter's queries, on an empty database of the current schema. */
public final class H2QueryPlans {

    private H2QueryPlans() {
    }

    /** @param arguments the query's named parameters: H2 plans with them bound */
    public static String explain(String sql, Map<String, ?> arguments) {
        JdbcDataSource dataSource = new JdbcDataSource();
        // In memory, gone when the last connection closes: the handle stays open while the schema is made.
        dataSource.setURL("jdbc:h2:mem:plans-" + UUID.randomUUID());
        try (Handle handle = Jdbi.create(dataSource).open()) {
            SchemaMigration.migrate(dataSource);
            return String.join("\n", handle.createQuery("EXPLAIN " + sql).bindMap(arguments).mapTo(String.class).list());
        }
    }
}
