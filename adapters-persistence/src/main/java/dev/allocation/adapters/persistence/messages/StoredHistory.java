package dev.allocation.adapters.persistence.messages;

import dev.allocation.application.messages.Envelope;
import dev.allocation.domain.events.Event;
import dev.allocation.domain.events.LineEvent;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/** The SQL of the event history that the unit of work writes: {@code event_history}. */
public final class StoredHistory {

    private StoredHistory() {
    }

    /** Stores recorded events, in one batch, in the order recorded. */
    public static void insert(Handle handle, List<Envelope<Event>> events, EventJson.Payloads payloads) {
        if (events.isEmpty()) {
            return;
        }
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO event_history (event_id, event_type, sku, orderid, payload, correlation_id, causation_id,
                                           traceparent, tracestate, recorded_at)
                VALUES (:eventId, :type, :sku, :orderId, :payload, :correlationId, :causationId,
                        :traceparent, :tracestate, :recordedAt)""");
        for (Envelope<Event> envelope : events) {
            Event event = envelope.message();
            insert.bind("eventId", envelope.id()).bind("type", EventJson.type(event)).bind("sku", event.sku())
                    .bind("orderId", event instanceof LineEvent line ? line.orderId() : null).bind("payload", payloads.of(event))
                    .bind("correlationId", envelope.correlationId()).bind("causationId", envelope.causationId())
                    .bind("traceparent", StoredDeliveries.traceparent(envelope))
                    .bind("tracestate", StoredDeliveries.tracestate(envelope))
                    .bind("recordedAt", StoredDeliveries.utc(envelope.recordedAt()))
                    .add();
        }
        insert.execute();
    }
}
