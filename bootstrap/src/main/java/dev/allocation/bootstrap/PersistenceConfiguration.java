package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DataSources;
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

/** The database: the pool, the schema migration, and the persistence adapter's ports. */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersistenceConfiguration.class);

    /** Closed last, after the HTTP server has drained. */
    @Bean(destroyMethod = "close")
    public DataSource dataSource(ServiceSettings settings) {
        return DataSources.pooled(settings.database());
    }

    @Bean
    public JdbiDatabase database(DataSource dataSource) {
        String version = SchemaMigration.migrate(dataSource);
        log.info("Database schema at version {}", version);
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
