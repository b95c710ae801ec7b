package dev.allocation.adapters.persistence.messages;

import dev.allocation.application.messages.Envelope;
import dev.allocation.application.messages.TraceContext;
import dev.allocation.application.port.out.BusUnitOfWork;
import dev.allocation.application.port.out.Delivery;
import dev.allocation.application.port.out.Subscriptions;
import dev.allocation.application.port.out.UnitOfWork;
import dev.allocation.domain.events.Event;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of the {@code event_deliveries} table, shared by the unit of work and {@link JdbiDeliveries}. */
public final class StoredDeliveries {

    public static final String COLUMNS = "id, handler, event_id, event_type, payload, correlation_id, causation_id, traceparent, tracestate, recorded_at, attempts";

    private StoredDeliveries() {
    }

    /**
     * The events as recorded by a commit of {@code cause}: the ids and the time that their history,
     * deliveries and publications share.
     */
    public static List<Envelope<Event>> recorded(List<Event> events, Envelope<?> cause) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what both databases store
        return events.stream().map(event -> cause.<Event>causes(event, now)).toList();
    }

    /** One delivery of each event for each of its handlers, in the order recorded; nothing is stored yet. */
    public static List<Delivery> deliveries(List<Envelope<Event>> events, Subscriptions subscriptions) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Envelope<Event> envelope : events) {
            for (String handler : subscriptions.handlersOf(envelope.message().getClass())) {
                deliveries.add(new Delivery(UUID.randomUUID().toString(), handler, envelope, 0));
            }
        }
        return deliveries;
    }

    /** Stores new deliveries, in one batch. */
    public static void insert(Handle handle, List<Delivery> deliveries, EventJson.Payloads payloads) {
        if (deliveries.isEmpty()) {
            return;
        }
        PreparedBatch insert = handle.prepareBatch("""
                INSERT INTO event_deliveries (id, handler, sku, event_id, event_type, payload, correlation_id,
                                              causation_id, traceparent, tracestate, recorded_at, attempts, dead,
                                              next_attempt_at)
                VALUES (:id, :handler, :sku, :eventId, :type, :payload, :correlationId,
                        :causationId, :traceparent, :tracestate, :recordedAt, 0, FALSE, :nextAttemptAt)""");
        for (Delivery delivery : deliveries) {
            Envelope<Event> envelope = delivery.event();
            Event event = envelope.message();
            insert.bind("id", delivery.id()).bind("handler", delivery.handler()).bind("sku", event.sku())
                    .bind("eventId", envelope.id()).bind("type", EventJson.type(event)).bind("payload", payloads.of(event))
                    .bind("correlationId", envelope.correlationId()).bind("causationId", envelope.causationId())
                    .bind("traceparent", traceparent(envelope)).bind("tracestate", tracestate(envelope))
                    .bind("recordedAt", utc(envelope.recordedAt()))
                    .bind("nextAttemptAt", utc(envelope.recordedAt().plus(Delivery.IN_PROCESS_LEASE)))
                    .add();
        }
        insert.execute();
    }

    /** The event of a row of {@code event_deliveries}, {@code outgoing_publications} or {@code event_history}. */
    public static Envelope<Event> envelope(ResultSet rs) throws SQLException {
        Event event = EventJson.read(rs.getString("event_type"), rs.getString("payload"));
        String traceparent = rs.getString("traceparent");
        TraceContext trace = traceparent == null ? null : new TraceContext(traceparent, rs.getString("tracestate"));
        return new Envelope<>(rs.getString("event_id"), rs.getString("correlation_id"), rs.getString("causation_id"),
                trace, rs.getObject("recorded_at", OffsetDateTime.class).toInstant(), event);
    }

    /** The {@code traceparent} column: null when nothing was traced. */
    static String traceparent(Envelope<?> envelope) {
        return envelope.trace() == null ? null : envelope.trace().traceparent();
    }

    /** The {@code tracestate} column: null when there is none. */
    static String tracestate(Envelope<?> envelope) {
        return envelope.trace() == null || envelope.trace().tracestate().isEmpty() ? null : envelope.trace().tracestate();
    }

    /**
     * Locks the delivery and every pending one before it in its (handler, SKU) sequence, waiting for
     * any other transaction that holds one of them.
     */
    public static BusUnitOfWork.Claim claim(Handle handle, Delivery delivery) {
        List<String> upToIt = handle.createQuery("""
                        SELECT id FROM event_deliveries
                        WHERE handler = :handler AND sku = :sku AND (dead = FALSE OR id = :id)
                          AND seq <= (SELECT seq FROM event_deliveries WHERE id = :id)
                        ORDER BY seq FOR UPDATE""")
                .bind("handler", delivery.handler())
                .bind("sku", delivery.sku())
                .bind("id", delivery.id())
                .mapTo(String.class)
                .list();
        if (upToIt.isEmpty() || !upToIt.get(upToIt.size() - 1).equals(delivery.id())) {
            return BusUnitOfWork.Claim.GONE;
        }
        if (!upToIt.get(0).equals(delivery.id())) {
            return BusUnitOfWork.Claim.BEHIND;
        }
        boolean dead = handle.createQuery("SELECT dead FROM event_deliveries WHERE id = :id")
                .bind("id", delivery.id()).mapTo(Boolean.class).one();
        return dead ? BusUnitOfWork.Claim.GONE : BusUnitOfWork.Claim.TAKEN;
    }

    public static void complete(Handle handle, String id) {
        handle.createUpdate("DELETE FROM event_deliveries WHERE id = :id").bind("id", id).execute();
    }

    public static Delivery read(ResultSet rs) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getString("handler"), envelope(rs), rs.getInt("attempts"));
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
