package dev.allocation.bootstrap;

import dev.allocation.adapters.messaging.InboundCommands;
import dev.allocation.adapters.messaging.rabbitmq.RabbitCommandConsumer;
import dev.allocation.adapters.messaging.rabbitmq.RabbitDeadLetters;
import dev.allocation.adapters.messaging.rabbitmq.RabbitConnections;
import dev.allocation.adapters.messaging.rabbitmq.RabbitEventPublisher;
import dev.allocation.adapters.messaging.rabbitmq.RabbitReplayPublisher;
import dev.allocation.adapters.messaging.rabbitmq.RabbitNames;
import dev.allocation.adapters.messaging.redis.RedisChannels;
import dev.allocation.adapters.messaging.redis.RedisCommandSubscriber;
import dev.allocation.adapters.messaging.redis.RedisEventPublisher;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.out.DeadLetters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The brokers: {@link AllocationService} registers {@link RabbitMq} when {@code RABBITMQ_URL} is set
 * and {@link Redis} when {@code REDIS_URL} is. Their publishers are picked up by the handler
 * registry, their consumers by {@code /health}; both are started once the schema is migrated.
 */
public final class MessagingConfiguration {

    private MessagingConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    public static class RabbitMq {

        @Bean
        public RabbitConnections rabbitConnections(ServiceSettings settings) {
            return new RabbitConnections(settings.messaging().rabbitMqUrl().orElseThrow());
        }

        @Bean
        public RabbitNames rabbitNames(ServiceSettings settings) {
            return new RabbitNames(settings.messaging().namePrefix());
        }

        @Bean(destroyMethod = "close")
        public RabbitEventPublisher rabbitEventPublisher(RabbitConnections connections, RabbitNames names) {
            return new RabbitEventPublisher(connections, names);
        }

        /** Replays go out on a connection of their own. */
        @Bean(destroyMethod = "close")
        public RabbitReplayPublisher rabbitReplayPublisher(RabbitConnections connections, RabbitNames names) {
            return new RabbitReplayPublisher(connections, names);
        }

        /** The dead-lettered commands, for the admin routes; on a connection of their own. */
        @Bean(destroyMethod = "close")
        public RabbitDeadLetters rabbitDeadLetters(RabbitConnections connections, RabbitNames names) {
            return new RabbitDeadLetters(connections, names);
        }

        /**
         * {@code allocation_dead_commands{state}}: the command messages dead-lettered ({@code dead}) and
         * those discarded since; NaN while RabbitMQ does not answer.
         */
        @Bean
        public List<Gauge> deadCommandsGauges(RabbitDeadLetters letters, MeterRegistry registry) {
            return Stream.of(DeadLetters.Shelf.values()).map(shelf -> Gauge.builder("allocation.dead.commands", letters, deadLetters -> {
                try {
                    return deadLetters.count(shelf);
                } catch (DeadLetters.Unavailable e) {
                    return Double.NaN;
                }
            }).tag("state", shelf.name().toLowerCase(Locale.ROOT))
                    .description("Command messages in the dead-letter queue, and those discarded").register(registry)).toList();
        }

        @Bean(destroyMethod = "close")
        public RabbitCommandConsumer rabbitCommandConsumer(RabbitConnections connections, RabbitNames names, CommandBus bus,
                                                           OpenTelemetry telemetry) {
            return new RabbitCommandConsumer(connections, names, new InboundCommands(bus), telemetry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    public static class Redis {

        @Bean
        public RedisChannels redisChannels(ServiceSettings settings) {
            return new RedisChannels(settings.messaging().redisUrl().orElseThrow(), settings.messaging().namePrefix());
        }

        @Bean(destroyMethod = "close")
        public RedisEventPublisher redisEventPublisher(RedisChannels channels) {
            return new RedisEventPublisher(channels);
        }

        @Bean(destroyMethod = "close")
        public RedisCommandSubscriber redisCommandSubscriber(RedisChannels channels, CommandBus bus) {
            return new RedisCommandSubscriber(channels, bus);
        }
    }
}
