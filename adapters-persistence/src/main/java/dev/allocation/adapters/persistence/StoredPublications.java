package dev.allocation.adapters.persistence;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The SQL the unit of work adds for the broker: {@code outgoing_publications} and {@code received_messages}. */
final class StoredPublications {

    private StoredPublications() {
    }

    /** An event to publish to one destination. */
    record Publication(String destination, Envelope<Event> event) {
    }

    /** One publication of each event for each destination that takes its type, in the order recorded. */
    static List<Publication> publications(List<Envelope<Event>> events, Subscriptions subscriptions) {
        List<Publication> publications = new ArrayList<>();
        for (Envelope<Event> envelope : events) {
            for (String destination : subscriptions.destinationsOf(envelope.message().getClass())) {
                publications.add(new Publication(destination, envelope));
            }
        }
        return publications;
    }

    /** Stores new publications, in one batch. */
    static void insert(Handle handle, List<Publication> publications) {
        if (publications.isEmpty()) {
            return;
        }
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO outgoing_publications (destination, sku, event_id, event_type, payload,
                                                   correlation_id, causation_id, recorded_at)
                VALUES (:destination, :sku, :eventId, :type, :payload, :correlationId, :causationId, :recordedAt)""");
        for (Publication publication : publications) {
            Envelope<Event> envelope = publication.event();
            Event event = envelope.message();
            insert.bind("destination", publication.destination()).bind("sku", event.sku()).bind("eventId", envelope.id())
                    .bind("type", EventJson.type(event)).bind("payload", EventJson.payload(event))
                    .bind("correlationId", envelope.correlationId()).bind("causationId", envelope.causationId())
                    .bind("recordedAt", StoredDeliveries.utc(envelope.recordedAt()))
                    .add();
        }
        insert.execute();
    }

    /**
     * Stores the message's id in this transaction. A second transaction storing the same id waits for
     * the first (PostgreSQL) or conflicts with it (H2), then finds it.
     *
     * @return false when a committed transaction stored it already
     */
    static boolean receive(Handle handle, String messageId) {
        boolean seen = handle.createQuery("SELECT COUNT(*) FROM received_messages WHERE message_id = :id")
                .bind("id", messageId).mapTo(Integer.class).one() > 0;
        if (seen) {
            return false;
        }
        try {
            handle.createUpdate("INSERT INTO received_messages (message_id, received_at) VALUES (:id, :at)")
                    .bind("id", messageId)
                    .bind("at", StoredDeliveries.utc(Instant.now().truncatedTo(ChronoUnit.MICROS)))
                    .execute();
            return true;
        } catch (RuntimeException e) {
            if (SqlConflicts.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }
}
