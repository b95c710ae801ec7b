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
import java.util.Date;
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
 * Used by one relay thread, or by the replays.
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
    private Connection connection;
    private Channel channel;

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

    private synchronized void send(List<Envelope<Event>> events, boolean replay) {
        try {
            Channel ready = channel();
            for (Envelope<Event> event : events) {
                String name = EventMessages.name(event.message());
                ready.basicPublish(names.events(), name, false, properties(event, name, replay), EventMessages.body(event.message()));
            }
            ready.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        } catch (IOException | TimeoutException | RuntimeException e) {
            drop();
            throw new IllegalStateException("RabbitMQ did not confirm " + events.size() + " events: " + describe(e), e);
        } catch (InterruptedException e) {
            drop();
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

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        drop();
        connection = connections.open("allocation-service publisher");
        Channel opened = connection.createChannel();
        opened.confirmSelect();
        opened.exchangeDeclare(names.events(), BuiltinExchangeType.TOPIC, true);
        channel = opened;
        return channel;
    }

    private void drop() {
        RabbitConnections.closeQuietly(connection);
        connection = null;
        channel = null;
    }

    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public synchronized void close() {
        drop();
    }
}
