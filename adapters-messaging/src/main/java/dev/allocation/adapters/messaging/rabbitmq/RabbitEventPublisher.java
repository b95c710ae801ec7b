package dev.allocation.adapters.messaging.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.allocation.adapters.messaging.EventMessages;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.EventPublisher;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events to the topic exchange {@code allocation.events}: persistent JSON, one message
 * per event, with publisher confirms. A batch counts as sent only once the broker has confirmed all of
 * it; on any failure the connection is dropped, and the next attempt opens a new one. Events sent
 * again by a replay are the same messages with the header {@code x-replay: true}.
 * Used by the relay's threads and the replays at once: each call takes a channel of its own on the
 * one connection (confirms are counted per channel), and gives it back for the next.
 */
public final class RabbitEventPublisher implements EventPublisher, AutoCloseable {

    public static final String DESTINATION = "rabbitmq";
    /** On a message sent again by a replay. */
    public static final String REPLAY_HEADER = "x-replay";
    /** W3C trace context: the span that sent the event, and the tracing system's state. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final RabbitConnections connections;
    private final RabbitNames names;
    /** The connection and the channels not in use on it; guarded by this. */
    private Connection connection;
    private final Deque<Channel> idle = new ArrayDeque<>();

    public RabbitEventPublisher(RabbitConnections connections, RabbitNames names) {
        this.connections = connections;
        this.names = names;
    }

    @Override
    public String destination() {
        return DESTINATION;
    }

    /** Every event there is. */
    @Override
    public Set<Class<? extends Event>> publishes() {
        return Set.of(Allocated.class, Deallocated.class, OutOfStock.class, LineReleased.class, Backordered.class);
    }

    @Override
    public void publish(List<Envelope<Event>> events) {
        send(events, false);
    }

    /** Sends the events again, marked with {@link #REPLAY_HEADER}; see {@link RabbitReplayPublisher}. */
    void republish(List<Envelope<Event>> events) {
        send(events, true);
    }

    private void send(List<Envelope<Event>> events, boolean replay) {
        Channel channel = null;
        try {
            channel = take();
            for (Envelope<Event> event : events) {
                String name = EventMessages.name(event.message());
                channel.basicPublish(names.events(), name, false, properties(event, name, replay), EventMessages.body(event.message()));
            }
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
            giveBack(channel);
        } catch (IOException | TimeoutException | RuntimeException e) {
            drop(channel);
            throw new IllegalStateException("RabbitMQ did not confirm " + events.size() + " events: " + describe(e), e);
        } catch (InterruptedException e) {
            drop(channel);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for RabbitMQ's confirms", e);
        }
    }

    private static AMQP.BasicProperties properties(Envelope<Event> event, String name, boolean replay) {
        Map<String, Object> headers = new HashMap<>();
        if (event.causationId() != null) {
            headers.put("causation_id", event.causationId());
        }
        if (replay) {
            headers.put(REPLAY_HEADER, true);
        }
        if (event.trace() != null) {
            headers.put(TRACEPARENT, event.trace().traceparent());
            if (!event.trace().tracestate().isEmpty()) {
                headers.put(TRACESTATE, event.trace().tracestate());
            }
        }
        return new AMQP.BasicProperties.Builder()
                .messageId(event.id())
                .correlationId(event.correlationId())
                .type(name)
                .timestamp(Date.from(event.recordedAt()))
                .contentType("application/json")
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    /** A channel in confirm mode, on the connection, opened with the exchange if need be. */
    private synchronized Channel take() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            drop(null);
            connection = connections.open("allocation-service publisher");
            try (Channel declaring = connection.createChannel()) {
                declaring.exchangeDeclare(names.events(), BuiltinExchangeType.TOPIC, true);
            }
        }
        Channel channel = idle.pollFirst();
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        channel = connection.createChannel();
        channel.confirmSelect();
        return channel;
    }

    private synchronized void giveBack(Channel channel) {
        if (channel.getConnection() == connection) {
            idle.addFirst(channel);
        }
    }

    /** Drops the connection, unless the failed channel was on an earlier one already dropped. */
    private synchronized void drop(Channel failed) {
        if (failed != null && failed.getConnection() != connection) {
            return;
        }
        RabbitConnections.closeQuietly(connection);
        connection = null;
        idle.clear();
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        drop(null);
    }
}
