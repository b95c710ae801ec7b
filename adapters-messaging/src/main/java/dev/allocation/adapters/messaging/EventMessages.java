package dev.allocation.adapters.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, Object> body = new LinkedHashMap<>();
        if (event instanceof Allocated a) {
            line(body, a.orderId(), a.sku(), a.qty(), a.batchRef());
        } else if (event instanceof Deallocated d) {
            line(body, d.orderId(), d.sku(), d.qty(), d.batchRef());
        } else if (event instanceof OutOfStock o) {
            body.put("sku", o.sku());
            body.put("orderid", o.orderId());
            body.put("qty", o.qty());
        } else if (event instanceof LineReleased r) {
            line(body, r.orderId(), r.sku(), r.qty(), r.batchRef());
        } else if (event instanceof Backordered b) {
            body.put("orderid", b.orderId());
            body.put("sku", b.sku());
            body.put("qty", b.qty());
        } else {
            throw new IllegalArgumentException("no message body for " + event);
        }
        try {
            return MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event + " as JSON", e);
        }
    }

    private static void line(Map<String, Object> body, String orderId, String sku, int qty, String batchRef) {
        body.put("orderid", orderId);
        body.put("sku", sku);
        body.put("qty", qty);
        body.put("batchref", batchRef);
    }
}
