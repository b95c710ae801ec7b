package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

import java.util.List;
import java.util.Set;

/**
 * A destination outside the service that can be sent recorded events again (a replay), for a
 * consumer that lost them or a new one: the same messages, with their original ids, marked as sent
 * again so that a consumer can tell them from live ones.
 */
public interface ReplayPublisher {

    /** The destination's name, as its {@link EventPublisher} has it. */
    String destination();

    /** The event types the destination takes; others are not sent again either. */
    Set<Class<? extends Event>> publishes();

    /**
     * Sends the events again in this order and returns once the destination has taken all of them.
     *
     * @throws RuntimeException when it could not: none of them counts as sent
     */
    void republish(List<Envelope<Event>> events);
}
