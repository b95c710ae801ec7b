package dev.allocation.adapters.messaging.rabbitmq;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.ReplayPublisher;
import dev.allocation.domain.events.Event;

import java.util.List;
import java.util.Set;

/**
 * Replays to RabbitMQ: the messages the relay sent, again, on a connection of their own so that a
 * replay never holds up the live events' confirms.
 */
public final class RabbitReplayPublisher implements ReplayPublisher, AutoCloseable {

    private final RabbitEventPublisher publisher;

    public RabbitReplayPublisher(RabbitConnections connections, RabbitNames names) {
        this.publisher = new RabbitEventPublisher(connections, names);
    }

    @Override
    public String destination() {
        return publisher.destination();
    }

    @Override
    public Set<Class<? extends Event>> publishes() {
        return publisher.publishes();
    }

    @Override
    public void republish(List<Envelope<Event>> events) {
        publisher.republish(events);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
