package dev.allocation.bootstrap;

import dev.allocation.adapters.persistence.DataSources;
import dev.allocation.adapters.persistence.JdbiDatabase;
import dev.allocation.adapters.persistence.SchemaMigration;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.port.out.DatabaseProbe;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.DeliveryRecords;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.StoredAllocations;
import dev.allocation.application.port.out.StoredStock;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import javax.sql.DataSource;

/** The database: the pool, the schema migration, and the persistence adapter's ports. */
@Configuration(proxyBeanMethods = false)
public class PersistenceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersistenceConfiguration.class);

    /** Closed last, after the HTTP server has drained. */
    @Bean(destroyMethod = "close")
    public DataSource dataSource(ServiceSettings settings, MeterRegistry registry) {
        return DataSources.pooled(settings.database(),
                config -> config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
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
    public JdbiDatabase database(DataSource dataSource, ServiceSettings settings) {
        return new JdbiDatabase(dataSource, settings.database());
    }

    /**
     * Units of work that store a delivery of each event for each handler the registry names, and the
     * event in the history unless {@code EVENT_HISTORY_DAYS} is 0.
     */
    @Bean
    public UnitOfWorkFactory unitsOfWork(JdbiDatabase database, MessageRoutes handlers, ServiceSettings settings,
                                         Tracing tracing) {
        return database.unitsOfWork(handlers, settings.keepsEventHistory(), tracing);
    }

    @Bean
    public EventHistory eventHistory(JdbiDatabase database) {
        return database.eventHistory();
    }

    @Bean
    public Deliveries deliveries(JdbiDatabase database) {
        return database.deliveries();
    }

    /** Forgets the ids of messages received more than eight days ago, once an hour. */
    @Bean(destroyMethod = "close")
    public PeriodicCleanup receivedMessagesCleanup(JdbiDatabase database) {
        return new PeriodicCleanup("received message ids", database::forgetOldReceivedMessages, Duration.ofHours(1));
    }

    @Bean
    public DeliveryRecords deliveryRecords(JdbiDatabase database) {
        return database.deliveryRecords();
    }

    @Bean
    public Outbox outbox(JdbiDatabase database) {
        return database.outbox();
    }

    @Bean
    public StoredAllocations storedAllocations(JdbiDatabase database) {
        return database.storedAllocations();
    }

    @Bean
    public StoredStock storedStock(JdbiDatabase database) {
        return database.storedStock();
    }

    @Bean
    public DatabaseProbe databaseProbe(JdbiDatabase database) {
        return database.probe();
    }
}
