package dev.allocation.bootstrap;

import dev.allocation.adapters.messaging.rabbitmq.RabbitConnections;
import dev.allocation.adapters.messaging.redis.RedisChannels;
import dev.allocation.application.messagebus.PublicationRelay;
import dev.allocation.application.port.out.Publication;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The brokers the service talks to, each on only when its URL is set.
 *
 * @param rabbitMqUrl  {@code RABBITMQ_URL}: events out to {@code allocation.events}, commands in from
 *                     {@code allocation.commands}
 * @param redisUrl     {@code REDIS_URL}: cosmicpython's channels
 * @param namePrefix   {@code BROKER_NAME_PREFIX}: put before every exchange, queue and channel name,
 *                     for services that share a broker and must keep apart; empty by default
 * @param publishThreads {@code PUBLISH_THREADS}: how many threads of an instance publish each broker's
 *                     events, each its share of the lanes; 4 by default
 */
public record MessagingSettings(Optional<String> rabbitMqUrl, Optional<String> redisUrl, String namePrefix, int publishThreads) {

    public static final MessagingSettings NONE = new MessagingSettings(Optional.empty(), Optional.empty(), "");

    public MessagingSettings(Optional<String> rabbitMqUrl, Optional<String> redisUrl, String namePrefix) {
        this(rabbitMqUrl, redisUrl, namePrefix, PublicationRelay.Timing.DEFAULT.threads());
    }

    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9._:-]{0,100}");

    static MessagingSettings fromEnvironment(Map<String, String> env) {
        Optional<String> rabbitMq = value(env, "RABBITMQ_URL");
        rabbitMq.ifPresent(url -> check("RABBITMQ_URL", () -> new RabbitConnections(url)));
        Optional<String> redis = value(env, "REDIS_URL");
        redis.ifPresent(url -> check("REDIS_URL", () -> new RedisChannels(url, "")));
        String prefix = env.getOrDefault("BROKER_NAME_PREFIX", "").trim();
        if (!NAME_PREFIX.matcher(prefix).matches()) {
            throw new ServiceSettings.InvalidConfiguration(
                    "BROKER_NAME_PREFIX must be at most 100 characters of A-Z a-z 0-9 . _ : -, was '" + prefix + "'");
        }
        return new MessagingSettings(rabbitMq, redis, prefix,
                ServiceSettings.integer(env, "PUBLISH_THREADS", PublicationRelay.Timing.DEFAULT.threads(), 1, Publication.LANES));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static void check(String name, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            throw new ServiceSettings.InvalidConfiguration(name + " is " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RabbitMQ " + (rabbitMqUrl.isPresent() ? "on" : "off") + ", Redis " + (redisUrl.isPresent() ? "on" : "off")
                + (namePrefix.isEmpty() ? "" : ", names prefixed " + namePrefix)
                + (publishThreads == PublicationRelay.Timing.DEFAULT.threads() ? "" : ", " + publishThreads + " publishing threads");
    }
}
