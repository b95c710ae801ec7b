package dev.allocation.adapters.web;

import dev.allocation.adapters.json.EventBodies;
import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.in.EventHistoryView;
import dev.allocation.domain.commands.Fields;
import dev.allocation.domain.events.Event;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /orders/{orderid}/history} and {@code /products/{sku}/history}: what the service recorded,
 * in the order it was recorded, each event with the ids that say which request started its chain
 * ({@code correlation_id}) and which message caused it ({@code causation_id}).
 */
final class HistoryRoutes {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final EventHistoryView history;

    HistoryRoutes(EventHistoryView history) {
        this.history = history;
    }

    void ofOrder(Context ctx) {
        String orderId = Fields.text("orderid", ctx.pathParam("orderid"));
        List<Envelope<Event>> events = history.ofOrder(orderId)
                .orElseThrow(() -> new ErrorMapping.HttpError(HttpStatus.NOT_FOUND, "No history for order " + orderId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderid", orderId);
        body.put("events", events.stream().map(HistoryRoutes::json).toList());
        ctx.json(body);
    }

    /** A page; {@code next_after} is the {@code after} of the next page, or null when this one is the last. */
    void ofSku(Context ctx) {
        String sku = Fields.text("sku", ctx.pathParam("sku"));
        Instant after = after(ctx.queryParam("after"));
        int limit = Parameters.limit(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        List<Envelope<Event>> events = history.ofSku(sku, after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("events", events.stream().map(HistoryRoutes::json).toList());
        body.put("next_after", events.size() < limit ? null : events.get(events.size() - 1).recordedAt().toString());
        ctx.json(body);
    }

    private static Map<String, Object> json(Envelope<Event> envelope) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", envelope.id());
        event.put("type", envelope.message().getClass().getSimpleName());
        event.put("recorded_at", envelope.recordedAt().toString());
        event.put("correlation_id", envelope.correlationId());
        event.put("causation_id", envelope.causationId());
        event.put("fields", EventBodies.fields(envelope.message()));
        return event;
    }

    private static Instant after(String value) {
        return value == null ? Instant.EPOCH : Parameters.time("Query parameter 'after'", value);
    }
}
