package dev.allocation.adapters.json;

import dev.allocation.domain.events.Allocated;
import dev.allocation.domain.events.Backordered;
import dev.allocation.domain.events.Deallocated;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineReleased;
import dev.allocation.domain.events.OutOfStock;
import dev.allocation.domain.events.StockFreed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's fields as every JSON body of the service spells them: the field names of cosmicpython
 * ({@code orderid}, {@code batchref}), in the order of its messages. The broker's messages and the
 * HTTP history share them.
 */
public final class EventBodies {

    private EventBodies() {
    }

    public static Map<String, Object> fields(Event event) {
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
        } else if (event instanceof StockFreed f) {
            body.put("sku", f.sku());
        } else {
            throw new IllegalArgumentException("no body for " + event);
        }
        return body;
    }

    private static void line(Map<String, Object> body, String orderId, String sku, int qty, String batchRef) {
        body.put("orderid", orderId);
        body.put("sku", sku);
        body.put("qty", qty);
        body.put("batchref", batchRef);
    }
}
