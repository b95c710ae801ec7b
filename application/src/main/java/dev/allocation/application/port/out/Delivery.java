package dev.allocation.application.port.out;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

import java.time.Duration;

/**
 * One stored event for one of its handlers. It is written in the transaction that recorded the event
 * and removed in the transaction in which the handler's work commits, so the work is done once
 * however often the delivery is tried.
 *
 * @param attempts failed attempts so far
 */
public record Delivery(String id, String handler, Envelope<Event> event, int attempts) {

    /**
     * How long the process that recorded a delivery has to deliver it before the relay (of any
     * instance) takes it over: long enough for a long chain to run in the request, short enough that
     * a crash delays the chain by seconds only.
     */
    public static final Duration IN_PROCESS_LEASE = Duration.ofSeconds(5);

    public String sku() {
        return event.message().sku();
    }
}
