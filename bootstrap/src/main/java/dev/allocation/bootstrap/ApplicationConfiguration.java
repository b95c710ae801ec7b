package dev.allocation.bootstrap;

import dev.allocation.adapters.mail.SmtpNotifications;
import dev.allocation.application.handlers.Handlers;
import dev.allocation.application.messagebus.BusObserver;
import dev.allocation.application.messagebus.DeliveryPolicy;
import dev.allocation.application.messagebus.DeliveryRelay;
import dev.allocation.application.messagebus.MessageBus;
import dev.allocation.application.messagebus.MessageRoutes;
import dev.allocation.application.messagebus.PublicationRelay;
import dev.allocation.application.messagebus.RetryPolicy;
import dev.allocation.application.port.in.AllocationsView;
import dev.allocation.application.port.in.DeliveryAdmin;
import dev.allocation.application.port.in.HealthCheck;
import dev.allocation.application.port.in.OrdersView;
import dev.allocation.application.port.out.DatabaseProbe;
import dev.allocation.application.port.out.Deliveries;
import dev.allocation.application.port.out.DeliveryRecords;
import dev.allocation.application.port.out.EventHistory;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.application.port.out.Notifications;
import dev.allocation.application.port.out.Outbox;
import dev.allocation.application.port.out.Tracing;
import dev.allocation.application.port.out.ReplayPublisher;
import dev.allocation.application.port.out.StoredAllocations;
import dev.allocation.application.port.out.StoredStock;
import dev.allocation.application.port.out.UnitOfWorkFactory;
import dev.allocation.application.services.AllocationsService;
import dev.allocation.application.services.HistoryService;
import dev.allocation.application.services.ReplayService;
import dev.allocation.application.services.StockService;
import dev.allocation.application.services.DeliveryAdminService;
import dev.allocation.application.services.HealthService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/** The message bus, its handlers, the relay that finishes what requests left, and what they notify. */
@Configuration(proxyBeanMethods = false)
public class ApplicationConfiguration {

    /** How often an idle relay looks for deliveries that fell due: well within the first retry's second. */
    static final Duration RELAY_IDLE_PAUSE = Duration.ofMillis(250);

    /** Runs the beans marked for background start-up (the schema migration). */
    @Bean(name = ConfigurableApplicationContext.BOOTSTRAP_EXECUTOR_BEAN_NAME)
    public Executor bootstrapExecutor() {
        return new SimpleAsyncTaskExecutor("startup-");
    }

    /** Mailed through SMTP_HOST when it is set, else logged. */
    @Bean
    public Notifications notifications(ServiceSettings settings) {
        return settings.mail().<Notifications>map(SmtpNotifications::new).orElseGet(LogNotifications::new);
    }

    /** With the events of each broker's publisher, if any, stored for it. */
    @Bean
    public MessageRoutes handlerRegistry(Notifications notifications, ObjectProvider<EventPublisher> publishers) {
        return new Handlers(notifications).registry(publishers.orderedStream().toList());
    }

    /** How often a failing delivery is tried before it is dead; a bean, so that a test can shorten it. */
    @Bean
    public DeliveryPolicy deliveryPolicy() {
        return DeliveryPolicy.DEFAULT;
    }

    @Bean
    public MessageBus messageBus(UnitOfWorkFactory unitsOfWork, MessageRoutes handlers, Deliveries deliveries, DeliveryPolicy deliveryPolicy,
                                 BusObserver observer, Tracing tracing) {
        return new MessageBus(unitsOfWork, handlers, deliveries, RetryPolicy.DEFAULT, deliveryPolicy, Clock.systemUTC(), observer,
                tracing);
    }

    /** One relay per broker; started by {@link AllocationService} once the schema is migrated. */
    @Bean(destroyMethod = "close")
    public PublicationRelays publicationRelays(Outbox publications, ObjectProvider<EventPublisher> publishers,
                                               BusObserver observer, Tracing tracing, ServiceSettings settings) {
        PublicationRelay.Timing timing = PublicationRelay.Timing.DEFAULT.withThreads(settings.messaging().publishThreads());
        String holder = PublicationRelays.newHolder();
        return new PublicationRelays(publishers.orderedStream()
                .map(publisher -> new PublicationRelay(publications, publisher, Clock.systemUTC(), holder,
                        timing, observer, tracing))
                .toList());
    }

    /** Started by {@link AllocationService} once the schema is migrated; stopped before the pool closes. */
    @Bean(destroyMethod = "close")
    public DeliveryRelay deliveryRelay(MessageBus bus, Deliveries deliveries) {
        return new DeliveryRelay(bus, deliveries, Clock.systemUTC(), RELAY_IDLE_PAUSE);
    }

    /** The driving ports that read rather than command, implemented in the application over the driven ports. */
    @Bean
    public AllocationsView allocationsView(StoredAllocations stored) {
        return new AllocationsService(stored);
    }

    @Bean
    public StockService stockService(StoredStock stored) {
        return new StockService(stored);
    }

    @Bean
    public HistoryService historyService(EventHistory history, OrdersView orders, ServiceSettings settings) {
        return new HistoryService(history, orders, settings.eventHistory(), Clock.systemUTC());
    }

    /**
     * Forgets the events past their retention every five minutes (a tenth of the retention when that
     * is shorter), a small batch per transaction, so that each run has little to do.
     */
    @Bean(destroyMethod = "close")
    public PeriodicCleanup eventHistoryCleanup(HistoryService history, ServiceSettings settings) {
        Duration every = settings.eventHistory().dividedBy(10);
        every = every.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10)
                : every.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : every;
        return new PeriodicCleanup("recorded events", history::forgetOld, every);
    }

    /** Replays to every destination that takes them; cancelled when the service stops. */
    @Bean(destroyMethod = "close")
    public ReplayService replayService(EventHistory history, ObjectProvider<ReplayPublisher> publishers) {
        return new ReplayService(history, publishers.orderedStream().toList(), ReplayService.Patience.DEFAULT);
    }

    @Bean
    public DeliveryAdmin deliveryAdmin(DeliveryRecords records) {
        return new DeliveryAdminService(records, Clock.systemUTC());
    }

    @Bean
    public HealthCheck healthCheck(DatabaseProbe database) {
        return new HealthService(database);
    }
}
