package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DataSources;
import dev.allocation.adapters.persistence.H2FileMaintenance;
import dev.allocation.adapters.persistence.JdbiDatabase;
import dev.allocation.adapters.persistence.SchemaMigration;
import dev.allocation.application.port.AllocationsView;
import dev.allocation.application.port.HealthCheck;
import dev.allocation.application.port.UnitOfWorkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Duration;

/** The database: the pool, the schema migration, and the persistence adapter's ports. */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersistenceConfiguration.class);

    /** Closed last, after the HTTP server has drained. */
    @Bean(destroyMethod = "close")
    public DataSource dataSource(ServiceSettings settings) {
        return DataSources.pooled(settings.database());
    }

    /** Compacts an H2 file while the service runs; does nothing on PostgreSQL. */
    @Bean(destroyMethod = "close")
    public H2FileMaintenance h2FileMaintenance(DataSource dataSource, ServiceSettings settings) {
        return H2FileMaintenance.start(dataSource, settings.database(), Duration.ofSeconds(2));
    }

    /**
     * Creates or migrates the schema. It runs on a thread of its own while the rest is wired (it is
     * the slowest part of start-up); {@link AllocationService} starts serving only once it is done.
     */
    @Bean(bootstrap = Bean.Bootstrap.BACKGROUND)
    public SchemaVersion schemaVersion(DataSource dataSource) {
        SchemaVersion version = new SchemaVersion(SchemaMigration.migrate(dataSource));
        log.info("Database schema at version {}", version.value());
        return version;
    }

    /** The version of the migrated schema. */
    public record SchemaVersion(String value) {
    }

    @Bean
    public JdbiDatabase database(DataSource dataSource) {
        return new JdbiDatabase(dataSource);
    }

    @Bean
    public UnitOfWorkFactory unitsOfWork(JdbiDatabase database) {
        return database.unitsOfWork();
    }

    @Bean
    public AllocationsView allocationsView(JdbiDatabase database) {
        return database.allocationsView();
    }

    @Bean
    public HealthCheck healthCheck(JdbiDatabase database) {
        return database.healthCheck();
    }
}
