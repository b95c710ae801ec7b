package dev.allocation.adapters.messaging.redis;

import dev.allocation.adapters.json.JsonCommandBodies;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.CommandBus;
import dev.allocation.application.port.in.ComponentHealth;
import dev.allocation.domain.model.Refusal;
import dev.allocation.domain.commands.MessageFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Subscribes to the channel {@code change_batch_quantity} and sends each message, cosmicpython's
 * {@code {"batchref", "qty"}} (or the HTTP route's {@code {"ref", "qty"}}), to the bus. Redis pub/sub
 * delivers at most once: what is published while the service is not subscribed is gone, and a message
 * that fails is logged, not kept. It resubscribes by itself when the connection is lost, and when
 * Redis stops answering the pings it sends every second on a connection that looks open (a network
 * that drops packets, a host that died without closing it): a subscribed connection has no read
 * timeout, so nothing else would notice.
 */
public final class RedisCommandSubscriber implements ComponentHealth, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCommandSubscriber.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final Duration PING_EVERY = Duration.ofSeconds(1);
    /** A connection that has not subscribed, or not answered a ping, for this long is given up. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private final RedisChannels channels;
    private final CommandBus bus;
    private final JsonCommandBodies bodies = new JsonCommandBodies("message body");
    private final Thread thread;
    private final Thread watchdog;
    private volatile boolean running = true;
    private volatile Listener listener;
    private volatile Jedis connection;

    public RedisCommandSubscriber(RedisChannels channels, CommandBus bus) {
        this.channels = Objects.requireNonNull(channels);
        this.bus = Objects.requireNonNull(bus);
        this.thread = new Thread(this::subscribe, "redis-subscriber");
        this.thread.setDaemon(true);
        this.watchdog = new Thread(this::watch, "redis-subscriber-ping");
        this.watchdog.setDaemon(true);
    }

    public RedisCommandSubscriber start() {
        thread.start();
        watchdog.start();
        return this;
    }

    @Override
    public String component() {
        return "redis";
    }

    @Override
    public boolean up() {
        Listener current = listener;
        return current != null && current.isSubscribed() && !current.overdue();
    }

    private void subscribe() {
        boolean reported = false;
        while (running) {
            Listener current = new Listener();
            listener = current;
            try (Jedis jedis = channels.connect()) {
                connection = jedis;
                jedis.subscribe(current, channels.changeBatchQuantity().getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                if (running && !reported) {
                    log.warn("Redis at {} is not available; subscribing again every {} s: {}",
                            channels.address(), RECONNECT_PAUSE.toSeconds(), e.getMessage());
                }
                reported = true;
            }
            if (current.subscribedOnce) {
                reported = false;
            }
            if (running) {
                LockSupport.parkNanos(RECONNECT_PAUSE.toNanos());
            }
        }
    }

    /** Pings the subscribed connection, and closes one that does not answer, so that the subscriber makes another. */
    private void watch() {
        while (running) {
            LockSupport.parkNanos(PING_EVERY.toNanos());
            Listener current = listener;
            Jedis jedis = connection;
            if (current == null || !running) {
                continue;
            }
            if (current.overdue()) {
                if (current.subscribedOnce) { // else a connection still being made: the subscriber has said Redis is away
                    log.warn("Redis at {} has not answered for {} s; subscribing again", channels.address(), ANSWER_WITHIN.toSeconds());
                }
                if (jedis != null) {
                    jedis.disconnect();
                }
            } else if (current.isSubscribed()) {
                current.sendPing();
            }
        }
    }

    /** Handles one message; a failure is logged, as pub/sub has nowhere to keep it. */
    void handle(byte[] message) {
        try {
            MessageFields fields = bodies.parse(message);
            int qty = bus.handle(fields.changeBatchQuantityInEitherForm(), Envelope.newId());
            log.debug("{}: quantity set to {}", channels.changeBatchQuantity(), qty);
        } catch (Refusal e) {
            log.warn("A message on {} was refused: {}", channels.changeBatchQuantity(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("A message on {} could not be handled and is lost (Redis pub/sub keeps nothing): {}",
                    channels.changeBatchQuantity(), e.toString());
        }
    }

    private final class Listener extends BinaryJedisPubSub {

        volatile boolean subscribedOnce;
        /** When Redis last answered: the subscription, then each ping. */
        private volatile long answeredAt = System.nanoTime();

        /** Not subscribed, or no answer to the pings, for longer than {@link #ANSWER_WITHIN}. */
        boolean overdue() {
            return System.nanoTime() - answeredAt > ANSWER_WITHIN.toNanos();
        }

        /** Written from the watchdog's thread: one writer at a time on the connection. */
        synchronized void sendPing() {
            try {
                ping();
            } catch (RuntimeException e) {
                log.debug("Could not ping Redis", e);
            }
        }

        synchronized void stop() {
            unsubscribe();
        }

        @Override
        public void onPong(byte[] pattern) {
            answeredAt = System.nanoTime();
        }

        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            answeredAt = System.nanoTime();
            subscribedOnce = true;
            log.info("Subscribed to {} on {}", new String(channel, StandardCharsets.UTF_8), channels.address());
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            handle(message);
        }
    }

    @Override
    public void close() {
        running = false;
        Listener current = listener;
        if (current != null && current.isSubscribed()) {
            try {
                current.stop();
            } catch (RuntimeException e) {
                log.debug("Could not unsubscribe", e);
            }
        }
        watchdog.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
