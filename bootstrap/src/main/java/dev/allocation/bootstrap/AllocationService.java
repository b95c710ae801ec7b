package dev.allocation.bootstrap;

import dev.allocation.adapters.messaging.rabbitmq.RabbitCommandConsumer;
import dev.allocation.adapters.messaging.redis.RedisCommandSubscriber;
import dev.allocation.adapters.web.HttpServer;
import dev.allocation.application.messagebus.DeliveryRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.util.function.Consumer;

/**
 * Starts the service: reads the configuration, wires the modules with Spring, migrates the
 * schema and serves HTTP until SIGTERM, which drains the requests in flight and closes the pool.
 */
public final class AllocationService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllocationService.class);

    private final AnnotationConfigApplicationContext context;
    private final HttpServer server;

    private AllocationService(AnnotationConfigApplicationContext context, HttpServer server) {
        this.context = context;
        this.server = server;
    }

    /** Exit status of a start-up that failed: a setting, the database, the port. */
    static final int CANNOT_START = 2;

    public static void main(String[] args) {
        if (args.length > 0) {
            switch (args[0]) {
                case "--help", "-h" -> System.out.print(Usage.help());
                case "--version", "-V" -> System.out.println(Usage.version());
                default -> {
                    System.err.println("Unknown argument '" + args[0] + "': the settings are environment variables, --help lists them");
                    System.exit(CANNOT_START);
                }
            }
            return;
        }
        ServiceSettings settings;
        try {
            settings = ServiceSettings.fromEnvironment(System.getenv());
        } catch (ServiceSettings.InvalidConfiguration e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(CANNOT_START);
            return;
        }
        try {
            AllocationService service = start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
        } catch (RuntimeException e) {
            log.debug("The service could not start", e);
            System.err.println("The service could not start: " + StartupFailure.describe(e, settings));
            System.exit(CANNOT_START);
        }
    }

    /** Wires and starts the service. */
    public static AllocationService start(ServiceSettings settings) {
        return start(settings, context -> { });
    }

    /**
     * Wires and starts the service with some beans added: the tests add primary beans that stand in
     * for a default (a failing view, a recording notifier). Nothing is replaced or overridden.
     */
    static AllocationService start(ServiceSettings settings, Consumer<AnnotationConfigApplicationContext> additions) {
        long started = System.nanoTime();
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(ServiceSettings.class, () -> settings);
        context.register(MetricsConfiguration.class, TracingConfiguration.class, PersistenceConfiguration.class,
                ApplicationConfiguration.class, WebConfiguration.class);
        settings.messaging().rabbitMqUrl().ifPresent(url -> context.register(MessagingConfiguration.RabbitMq.class));
        settings.messaging().redisUrl().ifPresent(url -> context.register(MessagingConfiguration.Redis.class));
        additions.accept(context);
        try {
            context.refresh();
            context.getBean(PersistenceConfiguration.SchemaVersion.class); // serve only a migrated schema
            context.getBean(DeliveryRelay.class).start(); // first: deliveries a crash left pending
            context.getBean(PublicationRelays.class).start(); // then what waits for the brokers
            context.getBeanProvider(RabbitCommandConsumer.class).ifAvailable(RabbitCommandConsumer::start);
            context.getBeanProvider(RedisCommandSubscriber.class).ifAvailable(RedisCommandSubscriber::start);
            HttpServer server = context.getBean(HttpServer.class).start(settings.host(), settings.port());
            log.info("Allocation service ready in {} ms on port {} with {}; {}",
                    (System.nanoTime() - started) / 1_000_000, server.port(), settings.database(), settings.messaging());
            return new AllocationService(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Stops taking requests, finishes those in flight, then closes the pool. */
    @Override
    public void close() {
        log.info("Stopping");
        context.close();
        log.info("Stopped");
    }
}
