package dev.allocation.adapters.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.adapters.json.EventBodies;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;

import java.nio.charset.StandardCharsets;

/**
 * Events as they travel: the name they go by (the routing key, the Redis channel) and the book's JSON
 * body, in the field names of cosmicpython ({@code orderid}, {@code batchref}).
 */
public final class EventMessages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventMessages() {
    }

    public static String name(Event event) {
        if (event instanceof Allocated) {
            return "line_allocated";
        }
        if (event instanceof Deallocated) {
            return "line_deallocated";
        }
        if (event instanceof OutOfStock) {
            return "out_of_stock";
        }
        if (event instanceof LineReleased) {
            return "line_released";
        }
        if (event instanceof Backordered) {
            return "line_backordered";
        }
        throw new IllegalArgumentException("no message name for " + event);
    }

    public static byte[] body(Event event) {
        try {
            return MAPPER.writeValueAsString(EventBodies.fields(event)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
    }
}
