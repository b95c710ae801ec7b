package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

import java.util.List;
import java.util.Set;

/**
 * Sends events to a system outside the service (a broker), from the stored events, after their commit.
 * The {@link Outbox} holds what waits to be sent; a relay hands it over in order.
 */
public interface EventPublisher {

    /** The name the waiting events are stored under: stable across releases. */
    String destination();

    /** The event types this destination takes; events of other types are not stored for it. */
    Set<Class<? extends Event>> publishes();

    /**
     * Sends the events in this order and returns once the destination has taken all of them. Called
     * by several relay threads at once, each with the events of its own lanes: one call's events keep
     * their order, and a thread's next call begins only once its last one returned.
     *
     * @throws RuntimeException when it could not: none of them counts as sent, and all are sent again
     */
    void publish(List<Envelope<Event>> events);
}
