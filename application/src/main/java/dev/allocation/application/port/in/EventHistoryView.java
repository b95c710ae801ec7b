package dev.allocation.application.port.in;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the service recorded about an order or a product, and why: each event with its id, the
 * correlation id of the request that started its chain, and the id of the message that caused it.
 */
public interface EventHistoryView {

    /**
     * The events that touched the order, in the order they were recorded.
     *
     * @return empty when the service knows nothing of the order: no event kept, no line held
     */
    Optional<List<Envelope<Event>>> ofOrder(String orderId);

    /**
     * A page of the SKU's events, oldest first, recorded after {@code after}. The next page starts
     * after the last one's time.
     */
    List<Envelope<Event>> ofSku(String sku, Instant after, int limit);
}
