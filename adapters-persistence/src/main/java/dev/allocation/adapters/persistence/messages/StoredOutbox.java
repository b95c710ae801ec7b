package dev.allocation.adapters.persistence.messages;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Publication;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.List;

/** The SQL of the outbox that the unit of work writes: {@code outgoing_publications}. */
public final class StoredOutbox {

    private StoredOutbox() {
    }

    /** An event to publish to one destination. */
    public record NewPublication(String destination, Envelope<Event> event) {
    }

    /** One publication of each event for each destination that takes its type, in the order recorded. */
    public static List<NewPublication> publications(List<Envelope<Event>> events, Subscriptions subscriptions) {
        List<NewPublication> publications = new ArrayList<>();
        for (Envelope<Event> envelope : events) {
            for (String destination : subscriptions.destinationsOf(envelope.message().getClass())) {
                publications.add(new NewPublication(destination, envelope));
            }
        }
        return publications;
    }

    /** Stores new publications, in one batch. */
    public static void insert(Handle handle, List<NewPublication> publications, EventJson.Payloads payloads) {
        if (publications.isEmpty()) {
            return;
        }
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO outgoing_publications (destination, lane, sku, event_id, event_type, payload,
                                                   correlation_id, causation_id, traceparent, tracestate, recorded_at)
                VALUES (:destination, :lane, :sku, :eventId, :type, :payload, :correlationId, :causationId,
                        :traceparent, :tracestate, :recordedAt)""");
        for (NewPublication publication : publications) {
            Envelope<Event> envelope = publication.event();
            Event event = envelope.message();
            insert.bind("destination", publication.destination()).bind("lane", Publication.lane(event.sku())).bind("sku", event.sku()).bind("eventId", envelope.id())
                    .bind("type", EventJson.type(event)).bind("payload", payloads.of(event))
                    .bind("correlationId", envelope.correlationId()).bind("causationId", envelope.causationId())
                    .bind("traceparent", StoredDeliveries.traceparent(envelope))
                    .bind("tracestate", StoredDeliveries.tracestate(envelope))
                    .bind("recordedAt", StoredDeliveries.utc(envelope.recordedAt()))
                    .add();
        }
        insert.execute();
    }

    /**
     * Removes publications a destination has taken, by their positions, in one statement: a range could
     * take rows committed late, never read.
     */
    public static void remove(Handle handle, List<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        handle.createUpdate("DELETE FROM outgoing_publications WHERE seq IN (<positions>)")
                .bindList("positions", positions)
                .execute();
    }
}
