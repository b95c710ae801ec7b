package dev.allocation.adapters.messaging.redis;

import dev.allocation.adapters.messaging.EventMessages;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Event;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Set;

/**
 * Publishes every {@link Allocated} to the channel {@code line_allocated}, with the book's body.
 * Redis takes a message once it is published, whether or not anybody listens. Used by one relay thread.
 */
public final class RedisEventPublisher implements EventPublisher, AutoCloseable {

    public static final String DESTINATION = "redis";

    private final RedisChannels channels;
    private Jedis jedis;

    public RedisEventPublisher(RedisChannels channels) {
        this.channels = channels;
    }

    @Override
    public String destination() {
        return DESTINATION;
    }

    @Override
    public Set<Class<? extends Event>> publishes() {
        return Set.of(Allocated.class);
    }

    @Override
    public synchronized void publish(List<Envelope<Event>> events) {
        try {
            if (jedis == null) {
                jedis = channels.connect();
            }
            for (Envelope<Event> event : events) {
                jedis.publish(channels.lineAllocated().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        EventMessages.body(event.message()));
            }
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Redis at " + channels.address() + " did not take " + events.size()
                    + " events: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                // closing what is broken already
            }
            jedis = null;
        }
    }
}
